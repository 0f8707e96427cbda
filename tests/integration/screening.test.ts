import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDue } from "../../app/models/outbox/sender.server";
import { smtpTransport } from "../../emails/transport.server";
import { addDays, toDateOnly } from "~/utils/dates";
import { hanoiDate } from "~/utils/clock";
import { workingDayCalendar } from "~/models/calendar/calendar.server";
import { REVIEW_WORKING_DAYS } from "~/models/service-targets/targets";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { ACCOUNTS, expectLoginRedirect, get, post, signIn } from "./staff-support";
import type { Status } from "~/domain/vocabulary";

let t: TestDb;
let app: TestApp;
let sink: SmtpSink;
let secretary: string;
let chair: string;
let reviewer: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  sink = await startSmtpSink();
  secretary = await signIn(app, ACCOUNTS.secretary);
  chair = await signIn(app, ACCOUNTS.chair);
  reviewer = await signIn(app, ACCOUNTS.reviewer);
});
afterAll(async () => {
  await sink.close();
  await t.cleanup();
});
beforeEach(async () => {
  // only mail caused by the test at hand
  await t.db.deleteFrom("outbox").execute();
  sink.messages.length = 0;
});

const deliver = () => deliverDue(t.db, smtpTransport(sink.url), "Sáng kiến CCHC <no-reply@example.org>");

async function pick(status: Status, skip = 0) {
  return t.db
    .selectFrom("initiatives")
    .selectAll()
    .where("status", "=", status)
    .orderBy("id")
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The row and its history length: a refused action must change neither. */
async function snapshot(id: number) {
  const row = await t.db.selectFrom("initiatives").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const events = await t.db.selectFrom("events").select("id").where("initiative_id", "=", id).execute();
  const assignments = await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", id).execute();
  return { row, events: events.length, assignments: assignments.length };
}

const act = (code: string, cookie: string, fields: Record<string, string | string[]>) =>
  post(app, `/staff/initiatives/${code}`, cookie, fields);
const userId = async (email: string) =>
  (await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

describe("screening", () => {
  it("moves a new submission to screening, records and audits it, and emails the submitter", async () => {
    const i = await pick("submitted");
    const page = await get(app, `/staff/initiatives/${i.code}`, secretary);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`name="version" value="${i.version}"`);
    expect(html).toContain("Bắt đầu kiểm tra hồ sơ");
    // a secretary is not offered what the table does not allow from "submitted"
    expect(html).not.toContain("Không tiếp nhận hồ sơ");

    const res = await act(i.code, secretary, { intent: "screen", version: String(i.version) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/staff/initiatives/${i.code}?done=screen`);
    const after = await snapshot(i.id);
    expect(after.row.status).toBe("screening");
    expect(after.row.version).toBe(i.version + 1);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("target_type", "=", "initiative")
      .where("target_id", "=", String(i.id))
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe("initiative.status");
    expect(JSON.parse(audit.details)).toMatchObject({ from: "submitted", to: "screening" });
    expect(audit.actor_user_id).toBe(await userId(ACCOUNTS.secretary));

    await deliver();
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toContain(i.code);
    expect(mail.subject).toContain("Đang kiểm tra hồ sơ");
  });

  it("asks for more information with a required message that is emailed and shown on the history", async () => {
    const i = await pick("screening");
    const before = await snapshot(i.id);
    const empty = await act(i.code, secretary, { intent: "needs_info", version: String(i.version), message: "   " });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Vui lòng nhập nội dung.");
    expect(emptyHtml).toMatch(/id="f-message"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-message"/);
    expect(await snapshot(i.id)).toEqual(before);

    const message = "Đề nghị bổ sung số liệu số hồ sơ tiếp nhận năm 2025 tại phường Hoàn Kiếm.";
    const res = await act(i.code, secretary, { intent: "needs_info", version: String(i.version), message });
    expect(res.status).toBe(302);
    const after = await snapshot(i.id);
    expect(after.row.status).toBe("needs_info");
    const event = await t.db
      .selectFrom("events")
      .selectAll()
      .where("initiative_id", "=", i.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "request_info", message, visibility: "submitter", to_status: "needs_info" });
    await deliver();
    const [mail] = await sink.waitFor(1);
    const author = await t.db
      .selectFrom("authors")
      .select("email")
      .where("initiative_id", "=", i.id)
      .where("position", "=", 0)
      .executeTakeFirstOrThrow();
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain(author.email!);
    expect(mail.text).toContain(message);
    const page = await (await get(app, `/staff/initiatives/${i.code}`, secretary)).text();
    expect(page).toContain(message);

    // the secretary may resume screening without waiting for the reply
    const resumed = await act(i.code, secretary, { intent: "screen", version: String(after.row.version) });
    expect(resumed.status).toBe(302);
    expect((await snapshot(i.id)).row.status).toBe("screening");
  });

  it("rejects only with a reason, which is emailed", async () => {
    const i = await pick("screening", 1);
    const before = await snapshot(i.id);
    expect((await act(i.code, secretary, { intent: "reject", version: String(i.version) })).status).toBe(400);
    expect(await snapshot(i.id)).toEqual(before);
    const reason = "Trùng nội dung với sáng kiến SK-2025-000012 đã được công nhận.";
    expect((await act(i.code, secretary, { intent: "reject", version: String(i.version), reason })).status).toBe(302);
    expect((await snapshot(i.id)).row.status).toBe("rejected");
    await deliver();
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toContain("Không tiếp nhận");
    expect(mail.text).toContain(reason);
  });

  it("assigns at least two distinct active reviewers without conflicts, each emailed, and starts the review", async () => {
    const i = await pick("screening", 2);
    const [r1, r2, r3, chairId] = await Promise.all([
      userId(ACCOUNTS.reviewer),
      userId(ACCOUNTS.reviewer2),
      userId(ACCOUNTS.reviewer3),
      userId(ACCOUNTS.chair),
    ]);
    await t.db
      .insertInto("conflicts")
      .values({ initiative_id: i.id, reviewer_id: r3, type: "same_organisation", note: "", declared_at: new Date().toISOString() })
      .execute();
    const page = await (await get(app, `/staff/initiatives/${i.code}`, secretary)).text();
    expect(page).toMatch(/disabled="" value="\d+"\/> (<!-- -->)?Phạm Minh Xét/);
    const v = String(i.version);

    // No review starts before the reviewer copy exists: refused with the reason, nothing changed.
    expect(page).toContain('data-copy-state="none"');
    const unchanged = await snapshot(i.id);
    const noCopy = await act(i.code, secretary, { intent: "assign", version: v, reviewer: [String(r1), String(r2)] });
    expect(noCopy.status).toBe(400);
    expect(await noCopy.text()).toContain("Chưa có bản cho thành viên thẩm định: hãy lập bản này trước khi phân công.");
    expect(await snapshot(i.id)).toEqual(unchanged);
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toEqual([]);
    // The secretary makes it on its page.
    const copy = await post(app, `/staff/initiatives/${i.code}/reviewer-copy`, secretary, {
      title: "Một đầu mối cho hồ sơ",
      problem: "Vấn đề.",
      solution: "Giải pháp.",
      benefit: "Lợi ích.",
    });
    expect(copy.status).toBe(302);
    expect(await (await get(app, `/staff/initiatives/${i.code}`, secretary)).text()).toContain('data-copy-state="made"');
    const before = await snapshot(i.id);

    const one = await act(i.code, secretary, { intent: "assign", version: v, reviewer: [String(r1), String(r1)] });
    expect(one.status).toBe(400);
    expect(await one.text()).toContain("Cần chọn ít nhất 2 thành viên thẩm định khác nhau.");
    const conflicted = await act(i.code, secretary, { intent: "assign", version: v, reviewer: [String(r1), String(r3)] });
    expect(conflicted.status).toBe(400);
    expect(await conflicted.text()).toContain("Phạm Minh Xét đã khai xung đột lợi ích với hồ sơ này.");
    const notReviewer = await act(i.code, secretary, { intent: "assign", version: v, reviewer: [String(r1), String(chairId)] });
    expect(notReviewer.status).toBe(400);
    const past = await act(i.code, secretary, {
      intent: "assign",
      version: v,
      reviewer: [String(r1), String(r2)],
      [`due_${r2}`]: "2020-01-01",
    });
    expect(past.status).toBe(400);
    expect(await snapshot(i.id)).toEqual(before);
    expect(await t.db.selectFrom("outbox").selectAll().execute()).toHaveLength(0);

    const due2 = toDateOnly(addDays(new Date(), 20));
    const sentAt = new Date();
    const ok = await act(i.code, secretary, {
      intent: "assign",
      version: v,
      reviewer: [String(r1), String(r2)],
      [`due_${r1}`]: "",
      [`due_${r2}`]: due2,
    });
    const answeredAt = new Date();
    expect(ok.status).toBe(302);
    const after = await snapshot(i.id);
    expect(after.row.status).toBe("in_review");
    const rows = await t.db.selectFrom("assignments").selectAll().where("initiative_id", "=", i.id).orderBy("reviewer_id").execute();
    expect(rows.map((a) => [a.reviewer_id, a.status])).toEqual([
      [r1, "assigned"],
      [r2, "assigned"],
    ]);
    const defaultDue = rows.find((a) => a.reviewer_id === r1)!.due_on;
    // 10 working days from today in Hà Nội (the procedure's clock, not UTC) on the calendar; either side of the
    // request, in case midnight fell during it. review-due-working-days.test.ts pins a date across Tết.
    const calendar = await workingDayCalendar(t.db);
    expect([hanoiDate(sentAt), hanoiDate(answeredAt)].map((d) => calendar.addWorkingDays(d, REVIEW_WORKING_DAYS))).toContain(defaultDue);
    expect(rows.find((a) => a.reviewer_id === r2)!.due_on).toBe(due2);
    const audits = await t.db.selectFrom("audit_log").select("action").where("action", "=", "assignment.create").execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);

    await deliver();
    const mails = await sink.waitFor(3);
    const to = mails.map((m) => (m.to && "text" in m.to ? m.to.text : ""));
    expect(to).toEqual(expect.arrayContaining([ACCOUNTS.reviewer, ACCOUNTS.reviewer2]));
    const toReviewer = mails.filter((m) => m.subject?.includes("Phân công thẩm định"));
    expect(toReviewer).toHaveLength(2);
    // blind: the reviewer's email does not name the submitter
    const author = await t.db
      .selectFrom("authors")
      .select(["full_name", "email"])
      .where("initiative_id", "=", i.id)
      .where("position", "=", 0)
      .executeTakeFirstOrThrow();
    for (const m of toReviewer) {
      expect(m.text).not.toContain(author.full_name);
      expect(m.text).not.toContain(author.email!);
    }

    // while in review, one more reviewer may be added (replacing one after a conflict)
    await t.db.deleteFrom("conflicts").where("initiative_id", "=", i.id).execute();
    // the form says it adds to the review under way, not that it starts one
    const inReview = await (await get(app, `/staff/initiatives/${i.code}`, secretary)).text();
    expect(inReview).toContain("Bổ sung thành viên thẩm định");
    expect(inReview).not.toContain("Phân công và chuyển sang thẩm định");
    const none = await act(i.code, secretary, { intent: "add_reviewer", version: String(after.row.version), reviewer: [] });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Vui lòng chọn ít nhất một thành viên thẩm định.");
    const add = await act(i.code, secretary, { intent: "add_reviewer", version: String(after.row.version), reviewer: [String(r3)] });
    expect(add.status).toBe(302);
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toHaveLength(3);
    const again = await act(i.code, secretary, { intent: "add_reviewer", version: String(after.row.version + 1), reviewer: [String(r3)] });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Phạm Minh Xét đã được phân công thẩm định hồ sơ này.");
  });

  it("refuses actions a role may not take (403) and moves the table does not allow (409), changing nothing", async () => {
    const submitted = await pick("submitted", 1);
    const council = await pick("council");
    const inReview = await pick("in_review");
    const cases: [string, typeof submitted, Record<string, string | string[]>, number][] = [
      [chair, submitted, { intent: "screen" }, 403],
      [reviewer, submitted, { intent: "screen" }, 403],
      [chair, council, { intent: "reject", reason: "Không phù hợp." }, 403],
      [secretary, council, { intent: "screen" }, 409],
      [secretary, inReview, { intent: "reject", reason: "Không phù hợp." }, 409],
      [secretary, submitted, { intent: "needs_info", message: "Bổ sung." }, 409],
      [secretary, submitted, { intent: "council" }, 409],
      [secretary, council, { intent: "assign", reviewer: ["1", "2"] }, 409],
    ];
    for (const [cookie, i, fields, status] of cases) {
      const before = await snapshot(i.id);
      const res = await act(i.code, cookie, { ...fields, version: String(i.version) });
      expect(res.status, `${String(fields.intent)} on ${i.status}`).toBe(status);
      expect(await snapshot(i.id)).toEqual(before);
    }
    expect(await t.db.selectFrom("outbox").selectAll().execute()).toHaveLength(0);

    // anonymous posts are sent to sign in; unknown intents and missing versions are bad requests
    expectLoginRedirect(
      await post(app, `/staff/initiatives/${submitted.code}`, undefined, { intent: "screen" }),
      `/staff/initiatives/${submitted.code}`,
    );
    expect((await act(submitted.code, secretary, { intent: "explode", version: "1" })).status).toBe(400);
    expect((await act(submitted.code, secretary, { intent: "screen" })).status).toBe(400);
    expect((await act("SK-1999-999999", secretary, { intent: "screen", version: "1" })).status).toBe(404);
  });

  it("lets staff keep private notes that the submitter never sees", async () => {
    const i = await pick("in_review");
    const note = "Ghi chú nội bộ: đã gọi điện xác minh với UBND phường.";
    expect((await act(i.code, chair, { intent: "note", body: "" })).status).toBe(400);
    expect((await act(i.code, chair, { intent: "note", body: note })).status).toBe(302);
    const page = await (await get(app, `/staff/initiatives/${i.code}`, secretary)).text();
    expect(page).toContain(note);
    const events = await t.db.selectFrom("events").select("message").where("initiative_id", "=", i.id).execute();
    expect(events.map((e) => e.message)).not.toContain(note);
    expect(await t.db.selectFrom("outbox").selectAll().execute()).toHaveLength(0);
  });

  it("shows the whole submission with authors and history, and no screening actions to the chair", async () => {
    const i = await pick("needs_info");
    const author = await t.db
      .selectFrom("authors")
      .selectAll()
      .where("initiative_id", "=", i.id)
      .where("position", "=", 0)
      .executeTakeFirstOrThrow();
    const html = await (await get(app, `/staff/initiatives/${i.code}`, chair)).text();
    expect(html).toContain(author.full_name);
    expect(html).toContain(author.email!);
    expect(html).toContain("Lịch sử xử lý");
    expect(html).toContain("Đề nghị bổ sung số liệu");
    expect(html).not.toContain('name="intent" value="reject"');
    expect(html).toContain("Vai trò của bạn không có thao tác nào ở trạng thái này.");
    const en = await (await get(app, `/staff/initiatives/${i.code}`, secretary, "en")).text();
    expect(en).toContain("Resume screening");
    expect(en).toContain('name="intent" value="reject"');
  });
});
