/**
 * Staff notifications through the real outbox and a loopback SMTP server: who is told of what, once, in their
 * own language and setting, with a link to the page, and nothing that is already obsolete when it leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { transition } from "~/models/initiative/lifecycle.server";
import { sendDeadlineNotices } from "~/models/notifications/deadlines.server";
import { sendPendingNotices } from "~/models/notifications/notifications.server";
import { declareConflict } from "~/models/review/conflicts.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { enqueueEmail } from "../../emails/outbox.server";
import { saveReview } from "~/models/review/reviews.server";
import { deliverDue } from "../../app/models/outbox/sender.server";
import { smtpTransport } from "../../emails/transport.server";
import { createTestDb, type TestDb } from "../setup/db";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { createTestApp, type TestApp } from "../setup/app";
import { currentCriteria, initiativeInReview, staffIds, statusOf, submission } from "./review-fixtures";
import { ACCOUNTS, get, post, signIn } from "./staff-support";

let t: TestDb;
let sink: SmtpSink;
let ids: Awaited<ReturnType<typeof staffIds>>;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  sink = await startSmtpSink({ reject: { "nobody@example.org": 550 } });
  ids = await staffIds(t.db);
  app = await createTestApp(t.db);
});
afterAll(async () => {
  await sink.close();
  await t.cleanup();
});

const FROM = "Sáng kiến CCHC <no-reply@example.org>";

async function deliver(now?: Date) {
  await deliverDue(t.db, smtpTransport(sink.url), FROM, { limit: 2000, ...(now ? { now } : {}) });
}

function mailsTo(address: string, code: string) {
  return sink.messages.filter((m) => JSON.stringify(m.to ?? "").includes(address) && (m.subject ?? "").includes(code));
}

describe("the conflict notice", () => {
  it("does not ask for a replacement when the declaration moved the case to the council", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    const criteria = await currentCriteria(t.db);
    for (const [n, reviewer] of [ids.r1, ids.r2].entries()) {
      await saveReview(t.db, {
        assignmentId: i.assignments[n],
        reviewerId: reviewer,
        scores: Object.fromEntries(criteria.map((c) => [c.id, 7])),
        recommendation: "recognise",
        comment: "Đạt yêu cầu.",
        submit: true,
      });
    }
    const r = await declareConflict(t.db, { assignmentId: i.assignments[2], reviewerId: ids.r3, type: "other", note: "" });
    expect(r.movedToCouncil).toBe(true);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
    await deliver();
    expect(mailsTo("secretary@example.org", i.code).map((m) => m.subject)).not.toContainEqual(expect.stringMatching(/xung đột lợi ích/));
  });

  it("asks for a replacement while the case is still under review", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    await declareConflict(t.db, { assignmentId: i.assignments[2], reviewerId: ids.r3, type: "other", note: "" });
    await deliver();
    const mine = mailsTo("secretary@example.org", i.code).filter((m) => /xung đột lợi ích/.test(m.subject ?? ""));
    expect(mine).toHaveLength(1);
    expect(mine[0].text).toContain(`/staff/initiatives/${i.code}`);
  });
});

let seq = 0;
async function submit(now = new Date()) {
  return createInitiative(t.db, submission(), [], { submitKey: `notice-${Date.now()}-${++seq}`, now });
}

async function setMode(email: string, mode: "immediate" | "digest" | "off", lang: "vi" | "en" = "vi") {
  await t.db.updateTable("users").set({ notify_mode: mode, lang }).where("email", "=", email).execute();
}

describe("notices of work", () => {
  it("tells the secretaries of a new submission, with a link to the case, and nobody else", async () => {
    const i = await submit();
    await deliver();
    const mine = mailsTo("secretary@example.org", i.code);
    expect(mine.map((m) => m.subject)).toEqual([`[${i.code}] Hồ sơ mới cần kiểm tra`]);
    expect(mine[0].text).toContain(`/staff/initiatives/${i.code}`);
    for (const other of ["chair@example.org", "admin@example.org", "reviewer1@example.org"]) expect(mailsTo(other, i.code)).toEqual([]);
  });

  it("sends nothing that is already obsolete when its turn comes", async () => {
    const i = await submit();
    // screened before the sender ran: "new submission to screen" is no longer true
    await transition(t.db, { initiativeId: i.id, to: "screening", actor: "secretary", actorUserId: ids.secretary });
    await deliver();
    expect(mailsTo("secretary@example.org", i.code)).toEqual([]);
    const row = await t.db
      .selectFrom("outbox")
      .select("status")
      .where("dedupe_key", "like", `notice:submitted:${i.id}:%`)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("obsolete");
  });

  it("tells the secretaries of the submitter's reply and the chair, in their language, of a case ready for the council", async () => {
    await setMode("chair@example.org", "immediate", "en");
    try {
      const i = await submit();
      await transition(t.db, { initiativeId: i.id, to: "screening", actor: "secretary", actorUserId: ids.secretary });
      await transition(t.db, {
        initiativeId: i.id,
        to: "needs_info",
        actor: "secretary",
        actorUserId: ids.secretary,
        message: "Xin bổ sung.",
      });
      await transition(t.db, { initiativeId: i.id, to: "screening", actor: "submitter", message: "Đã bổ sung.", kind: "reply" });
      await deliver();
      await transition(t.db, { initiativeId: i.id, to: "in_review", actor: "secretary", actorUserId: ids.secretary });
      await transition(t.db, { initiativeId: i.id, to: "council", actor: "secretary", actorUserId: ids.secretary });
      await deliver();
      expect(mailsTo("secretary@example.org", i.code).map((m) => m.subject)).toContain(`[${i.code}] Người nộp đã bổ sung thông tin`);
      const chair = mailsTo("chair@example.org", i.code);
      expect(chair.map((m) => m.subject)).toEqual([`[${i.code}] Ready for the council`]);
      expect(chair[0].text).toContain(`/staff/initiatives/${i.code}/decision`);
    } finally {
      await setMode("chair@example.org", "immediate", "vi");
    }
  });

  it("keeps a digest user's notices for one email at 08:00 Hà Nội time, and tells nobody who turned them off", async () => {
    await setMode("secretary@example.org", "digest");
    await setMode("chair@example.org", "off");
    try {
      const day = addDaysTo(hanoiDate(), 1);
      const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);
      const a = await submit(at("06:00"));
      const b = await submit(at("06:30"));
      await deliver();
      expect(mailsTo("secretary@example.org", a.code)).toEqual([]);
      expect(await sendPendingNotices(t.db, at("07:59"))).toEqual({ immediate: 0, digests: 0 });
      expect((await sendPendingNotices(t.db, at("08:00"))).digests).toBe(1);
      expect((await sendPendingNotices(t.db, at("08:30"))).digests).toBe(0);
      await deliver(at("08:31"));
      const digest = sink.messages.filter(
        (m) => JSON.stringify(m.to).includes("secretary@example.org") && /Công việc cần xử lý/.test(m.subject ?? ""),
      );
      expect(digest).toHaveLength(1);
      expect(digest[0].text).toContain(a.code);
      expect(digest[0].text).toContain(`/staff/initiatives/${b.code}`);
      const skipped = await t.db
        .selectFrom("staff_notifications")
        .select("status")
        .where("user_id", "=", ids.chair)
        .where("status", "!=", "skipped")
        .where("created_at", ">=", at("06:00").toISOString())
        .execute();
      expect(skipped).toEqual([]);
    } finally {
      await setMode("secretary@example.org", "immediate");
      await setMode("chair@example.org", "immediate");
    }
  });

  it("tells of statutory deadlines and overdue reviews once, however often the job runs", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const today = hanoiDate();
    await t.db
      .updateTable("initiatives")
      .set({ due_on: addDaysTo(today, 10) })
      .where("id", "=", i.id)
      .execute();
    await t.db
      .updateTable("assignments")
      .set({ due_on: addDaysTo(today, -1) })
      .where("id", "=", i.assignments[0])
      .execute();
    await sendDeadlineNotices(t.db);
    await Promise.all([sendDeadlineNotices(t.db), sendDeadlineNotices(t.db)]);
    await deliver();
    const subjects = mailsTo("secretary@example.org", i.code).map((m) => m.subject);
    expect(subjects.filter((s) => s === `[${i.code}] Còn 10 ngày đến hạn giải quyết`)).toHaveLength(1);
    expect(subjects.filter((s) => s === `[${i.code}] Phiếu thẩm định quá hạn`)).toHaveLength(1);
  });

  it("tells the administrators of a message refused for good, with a link to the outbox", async () => {
    await enqueueEmail(t.db, {
      to: "nobody@example.org",
      subject: "Thư thử nghiệm không tới",
      html: "<p>x</p>",
      text: "x",
      dedupeKey: "dead-test",
    });
    await deliver();
    await deliver();
    const admin = sink.messages.filter(
      (m) => JSON.stringify(m.to).includes("admin@example.org") && (m.subject ?? "").includes("Thư thử nghiệm không tới"),
    );
    expect(admin).toHaveLength(1);
    expect(admin[0].subject).toBe("Thư không gửi được: Thư thử nghiệm không tới");
    expect(admin[0].text).toContain("/staff/admin/outbox");
  });
});

describe("the notification settings page", () => {
  it("saves the choice, says so in a focused live region, and refuses a bad one with a message in the user's language", async () => {
    const cookie = await signIn(app, ACCOUNTS.reviewer);
    const page = await get(app, "/staff/notifications", cookie);
    expect(page.status).toBe(200);
    const saved = await post(app, "/staff/notifications", cookie, { mode: "digest", lang: "en" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/staff/notifications?done=notifications");
    const u = await t.db
      .selectFrom("users")
      .select(["notify_mode", "lang"])
      .where("email", "=", ACCOUNTS.reviewer)
      .executeTakeFirstOrThrow();
    expect(u).toEqual({ notify_mode: "digest", lang: "en" });
    const after = (await (await get(app, "/staff/notifications?done=notifications", cookie)).text()).replace(/<!-- -->/g, "");
    expect(after).toMatch(/<p[^>]*role="status"[^>]*tabindex="-1"[^>]*>Đã lưu cách nhận thông báo.<\/p>/);

    const bad = await post(app, "/staff/notifications", cookie, { mode: "weekly", lang: "vi" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Chọn một cách nhận thông báo và một ngôn ngữ.");
    const badEn = await post(app, "/staff/notifications", cookie, { mode: "weekly", lang: "vi" }, "en");
    expect(await badEn.text()).toContain("Choose how to be notified and a language.");
    await t.db.updateTable("users").set({ notify_mode: "immediate", lang: "vi" }).where("email", "=", ACCOUNTS.reviewer).execute();
  });
});
