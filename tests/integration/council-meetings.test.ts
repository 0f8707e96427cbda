/**
 * Council meetings through the real handler: scheduling (with the members' notice and its email), the agenda (only
 * cases waiting for the council, one open meeting at a time), the presiding chair's vote recorded as the ordinary
 * decision linked to the meeting, the minutes, and bad input refused with a Vietnamese message and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stillWanted } from "~/models/notifications/notifications.server";
import { saveReview } from "~/models/review/reviews.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, signIn, staffIds, statusOf } from "./review-fixtures";
import { get, post } from "./staff-support";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let chair: string;
let secretary: string;
let level: number;

const REASON = "Giải pháp mới, đã áp dụng thử tại ba phường với kết quả rõ rệt, rút ngắn thời gian giải quyết hồ sơ.";

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  chair = await signIn(t.db, "chair@example.org");
  secretary = await signIn(t.db, "secretary@example.org");
  level = (await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "certificate").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.cleanup();
});

async function inCouncil() {
  const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
  const criteria = await currentCriteria(t.db);
  for (const [k, r] of [ids.r1, ids.r2].entries()) {
    await saveReview(t.db, {
      assignmentId: i.assignments[k],
      reviewerId: r,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 8])),
      recommendation: "recognise",
      comment: "Đáp ứng đầy đủ tiêu chí.",
      submit: true,
    });
  }
  const s = await statusOf(t.db, i.id);
  expect(s.status).toBe("council");
  return { ...i, version: s.version };
}

async function counts() {
  const n = async (table: "council_meetings" | "council_agenda_items" | "council_meeting_members" | "decisions" | "outbox" | "audit_log") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    meetings: await n("council_meetings"),
    items: await n("council_agenda_items"),
    members: await n("council_meeting_members"),
    decisions: await n("decisions"),
    outbox: await n("outbox"),
    audit: await n("audit_log"),
  };
}

async function schedule(fields: Record<string, string | string[]> = {}, cookie = secretary) {
  return post(app, "/staff/meetings/new", cookie, {
    startsAt: "2026-12-14T09:00",
    place: "Phòng họp số 2, Sở Nội vụ",
    chairId: String(ids.chair),
    members: [String(ids.chair), String(ids.r1), String(ids.r2), String(ids.secretary)],
    note: "Xét các sáng kiến đợt 4.",
    ...fields,
  });
}

async function newMeeting(): Promise<number> {
  const res = await schedule();
  expect(res.status).toBe(302);
  return Number(/\/staff\/meetings\/(\d+)\?done=schedule/.exec(res.headers.get("Location") ?? "")![1]);
}

const act = (meetingId: number, fields: Record<string, string | string[]>, cookie = chair) =>
  post(app, `/staff/meetings/${meetingId}`, cookie, fields);

function vote(itemId: number, version: number, fields: Record<string, string> = {}) {
  return {
    intent: "decide",
    itemId: String(itemId),
    version: String(version),
    outcome: "recognised",
    votesFor: "3",
    votesAgainst: "1",
    votesAbstain: "0",
    reason: REASON,
    commendationLevelId: String(level),
    ...fields,
  };
}

async function itemFor(meetingId: number, initiativeId: number) {
  return t.db
    .selectFrom("council_agenda_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .where("initiative_id", "=", initiativeId)
    .executeTakeFirstOrThrow();
}

describe("scheduling", () => {
  it("stores the meeting in Hà Nội time, records the members, audits it and notifies the chair and members", async () => {
    const before = await counts();
    const id = await newMeeting();
    const m = await t.db.selectFrom("council_meetings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(m.starts_at).toBe("2026-12-14T02:00:00.000Z");
    expect(m.status).toBe("scheduled");
    expect(m.chair_id).toBe(ids.chair);
    const members = await t.db.selectFrom("council_meeting_members").select("user_id").where("meeting_id", "=", id).execute();
    expect(members.map((r) => r.user_id).sort()).toEqual([ids.chair, ids.r1, ids.r2, ids.secretary].sort());
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "meeting.schedule")
      .where("target_id", "=", String(id))
      .execute();
    expect(audit).toHaveLength(1);

    const notices = await t.db.selectFrom("staff_notifications").selectAll().where("meeting_id", "=", id).execute();
    expect(notices.every((n) => n.kind === "meeting_scheduled")).toBe(true);
    // The secretary who scheduled it is not told of it.
    expect(notices.map((n) => n.user_id).sort()).toEqual([ids.chair, ids.r1, ids.r2].sort());
    const mail = await t.db
      .selectFrom("outbox")
      .selectAll()
      .where("to_address", "=", "chair@example.org")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain("Lịch họp hội đồng sáng kiến");
    expect(mail.text).toContain(`/staff/meetings/${id}`);
    expect(mail.text).toContain("Phòng họp số 2, Sở Nội vụ");
    expect(mail.text).toContain("09:00");
    expect((await counts()).outbox).toBeGreaterThan(before.outbox);

    const page = await get(app, `/staff/meetings/${id}?done=schedule`, secretary);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-feedback="">Đã lên lịch họp hội đồng ngày [^<]*09:00[^<]* và gửi thông báo cho các thành viên\./);
    const english = await (await get(app, `/staff/meetings/${id}?done=schedule`, secretary, "en")).text();
    expect(english).toContain("Council meeting of");
    expect(english).toContain("is scheduled and the members have been notified.");
    // The staff navigation leads the chair and the secretary there, and nobody else.
    for (const [cookie, shown] of [
      [chair, true],
      [secretary, true],
      [await signIn(t.db, "admin@example.org"), false],
    ] as const) {
      expect((await (await get(app, "/staff", cookie)).text()).includes('href="/staff/meetings"')).toBe(shown);
    }
  });

  it("lets a member present who does not manage meetings read the page without the submissions' titles; others get 403", async () => {
    const id = await newMeeting();
    const i = await inCouncil();
    expect((await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, secretary)).status).toBe(302);
    const reviewer = await signIn(t.db, "reviewer1@example.org");
    const res = await get(app, `/staff/meetings/${id}`, reviewer);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(i.code);
    const title = (await t.db.selectFrom("initiatives").select("title").where("id", "=", i.id).executeTakeFirstOrThrow()).title;
    expect(html).not.toContain(title);
    const outsider = await signIn(t.db, "reviewer3@example.org");
    expect((await get(app, `/staff/meetings/${id}`, outsider)).status).toBe(403);
    expect((await get(app, "/staff/meetings", reviewer)).status).toBe(403);
    expect((await schedule({}, reviewer)).status).toBe(403);
    expect(
      await stillWanted(
        t.db,
        (await t.db.selectFrom("staff_notifications").select("id").where("meeting_id", "=", id).executeTakeFirstOrThrow()).id,
      ),
    ).toBe(true);
  });

  it("refuses bad input with 400, a message in Vietnamese tied to its field, and writes nothing", async () => {
    const before = await counts();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ startsAt: "2026-13-40T09:00" }, "Vui lòng nhập ngày và giờ họp hợp lệ."],
      [{ place: " " }, "Vui lòng nhập địa điểm họp"],
      [{ members: [String(ids.chair), String(ids.admin)] }, "Có người được chọn không phải thành viên hội đồng."],
      [{ members: ["abc"] }, "Có người được chọn không phải thành viên hội đồng."],
      [{ chairId: String(ids.secretary) }, "Người được chọn không phải chủ tịch hội đồng."],
    ];
    for (const [fields, message] of cases) {
      const res = await schedule(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('aria-invalid="true"');
    }
    expect(await counts()).toEqual(before);
  });
});

describe("the agenda and the vote", () => {
  it("records the vote as the case's decision, linked to the meeting, and prints it in the minutes", async () => {
    const id = await newMeeting();
    const i = await inCouncil();
    const added = await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, secretary);
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`/staff/meetings/${id}?done=agenda_add&code=${i.code}`);
    const feedback = await (await get(app, added.headers.get("Location")!, secretary)).text();
    expect(feedback).toContain(`Đã đưa hồ sơ ${i.code} vào chương trình họp.`);
    const item = await itemFor(id, i.id);

    const res = await act(id, vote(item.id, i.version));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/staff/meetings/${id}?done=recognised&code=${i.code}`);
    const d = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      meeting_id: id,
      outcome: "recognised",
      members_present: 4,
      votes_for: 3,
      votes_against: 1,
      votes_abstain: 0,
    });
    expect(d.certificate_number).toMatch(/^CN-\d{4}-\d{4}$/);
    expect((await itemFor(id, i.id)).decision_id).toBe(d.id);
    expect((await statusOf(t.db, i.id)).status).toBe("recognised");
    const audits = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_id", "in", [String(id), String(i.id)])
      .execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["meeting.agenda_add", "meeting.decision", "decision.record"]));
    // The existing decision page shows the same record.
    expect(await (await get(app, `/staff/initiatives/${i.code}/decision`, chair)).text()).toContain(d.certificate_number!);

    // Once someone voted, the attendance the vote counted cannot change.
    const att = await act(id, { intent: "attendance", members: [String(ids.chair)] }, secretary);
    expect(att.status).toBe(409);
    expect(await att.text()).toContain("danh sách thành viên có mặt không thay đổi được");

    const closed = await act(id, { intent: "close" }, secretary);
    expect(closed.status).toBe(302);
    const minutes = await get(app, `/staff/meetings/${id}/minutes`, secretary);
    expect(minutes.status).toBe(200);
    const html = await minutes.text();
    expect(html).toContain("BIÊN BẢN HỌP HỘI ĐỒNG SÁNG KIẾN");
    expect(html).toContain("Phòng họp số 2, Sở Nội vụ");
    expect(html).toContain("Số thành viên có mặt: 4.");
    for (const name of ["Hoàng Văn Chủ Tịch", "Trần Văn Thẩm", "Lê Thị Định", "Nguyễn Thị Thư Ký"]) expect(html).toContain(name);
    expect(html).toContain(i.code);
    expect(html).toMatch(/Điểm bình quân có trọng số 80[^<]*\/100 trên 2 phiếu chấm điểm/);
    expect(html).toContain("4 thành viên có mặt: 3 tán thành, 1 không tán thành, 0 không biểu quyết");
    expect(html).toContain("Công nhận sáng kiến");
    expect(html).toContain(REASON);
    expect(html).toContain(d.certificate_number!);
    expect(html).not.toContain("biên bản này là bản tạm");
    // A document without the app's script: it prints as it is.
    expect(html).not.toMatch(/<script[^>]+type="module"/);
    const download = await get(app, `/staff/meetings/${id}/minutes?download=1`, secretary);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; filename="bien-ban-hop-hoi-dong-2026-12-14-\d+\.html"$/);
    expect(download.headers.get("Cache-Control")).toContain("no-store");

    // A closed meeting changes no more, and its notice is no longer wanted.
    const later = await inCouncil();
    const refused = await act(id, { intent: "agenda_add", initiativeId: String(later.id) }, secretary);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Cuộc họp đã kết thúc: không thể thay đổi.");
    const notice = await t.db.selectFrom("staff_notifications").select("id").where("meeting_id", "=", id).executeTakeFirstOrThrow();
    expect(await stillWanted(t.db, notice.id)).toBe(false);
  });

  it("refuses cases not ready or on another open meeting, votes that are not whole numbers, and a vote by anyone but the presiding chair", async () => {
    const id = await newMeeting();
    const other = await newMeeting();
    const i = await inCouncil();
    const notReady = await initiativeInReview(t.db, [ids.r3]);
    let before = await counts();
    const r1 = await act(id, { intent: "agenda_add", initiativeId: String(notReady.id) }, secretary);
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain("Hồ sơ này không ở bước chờ hội đồng xét hoặc đã có quyết định.");
    expect(await counts()).toEqual(before);

    expect((await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, secretary)).status).toBe(302);
    before = await counts();
    const twice = await act(other, { intent: "agenda_add", initiativeId: String(i.id) }, chair);
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain("Hồ sơ này đã thuộc một cuộc họp khác chưa kết thúc.");
    const again = await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, chair);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Hồ sơ này đã có trong chương trình họp.");
    expect(await counts()).toEqual(before);

    const item = await itemFor(id, i.id);
    for (const [fields, status, message] of [
      [{ votesFor: "2.5" }, 400, "Vui lòng nhập một số nguyên không âm."],
      [{ votesAgainst: "-1" }, 400, "Vui lòng nhập một số nguyên không âm."],
      [{ votesFor: "4", votesAgainst: "1" }, 400, "vượt quá số thành viên có mặt"],
      [{ votesFor: "2", votesAgainst: "2" }, 400, "cần ít nhất 2/3 số thành viên có mặt tán thành"],
      [{ reason: "Tốt." }, 400, "Lý do phải cụ thể, ít nhất 30 ký tự."],
    ] as const) {
      const res = await act(id, vote(item.id, i.version, fields));
      expect(res.status, JSON.stringify(fields)).toBe(status);
      const html = await res.text();
      expect(html).toContain(message);
    }
    expect(await counts()).toEqual(before);
    expect((await statusOf(t.db, i.id)).status).toBe("council");

    // The secretary manages the meeting but does not vote; another chair does not preside over this one.
    const bySecretary = await act(id, vote(item.id, i.version), secretary);
    expect(bySecretary.status).toBe(403);
    expect(await bySecretary.text()).toContain("Chỉ chủ tọa của cuộc họp này được ghi biểu quyết và quyết định.");
    const at = new Date().toISOString();
    const second = await t.db
      .insertInto("users")
      .values({ email: "chair2@example.org", name: "Phó Chủ Tịch", password_hash: "x", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("user_roles").values({ user_id: second.id, role: "chair" }).execute();
    const byOther = await act(id, vote(item.id, i.version), await signIn(t.db, "chair2@example.org"));
    expect(byOther.status).toBe(403);
    expect(await byOther.text()).toContain("Chỉ chủ tọa của cuộc họp này được ghi biểu quyết và quyết định.");
    // An item of another meeting, through this meeting's address.
    const foreign = await act(other, vote(item.id, i.version));
    expect(foreign.status).toBe(404);
    expect(await counts()).toEqual(before);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
  });

  it("keeps the written decision page working for a case on an agenda; the minutes say it was decided outside the meeting", async () => {
    const id = await newMeeting();
    const i = await inCouncil();
    expect((await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, secretary)).status).toBe(302);
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      version: i.version,
      outcome: "not_recognised",
      membersPresent: 5,
      votesFor: 1,
      votesAgainst: 4,
      votesAbstain: 0,
      reason: REASON,
    }))
      fd.set(k, String(v));
    const res = await app.fetch(`/staff/initiatives/${i.code}/decision`, {
      method: "POST",
      headers: { Cookie: chair },
      body: fd,
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const d = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(d.meeting_id).toBeNull();
    const html = await (await get(app, `/staff/meetings/${id}/minutes`, chair)).text();
    expect(html).toContain("Quyết định ngoài cuộc họp (biểu quyết bằng văn bản).");
    expect(html).toContain("biên bản này là bản tạm");
  });

  it("saves the attendance before any vote, and the vote counts it", async () => {
    const id = await newMeeting();
    const res = await act(id, { intent: "attendance", members: [String(ids.r1), String(ids.r2)] }, secretary);
    expect(res.status).toBe(302);
    // The presiding chair is always present.
    expect(res.headers.get("Location")).toBe(`/staff/meetings/${id}?done=attendance&n=3`);
    const bad = await act(id, { intent: "attendance", members: [String(ids.admin)] }, secretary);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Có người được chọn không phải thành viên hội đồng.");
    const i = await inCouncil();
    expect((await act(id, { intent: "agenda_add", initiativeId: String(i.id) }, secretary)).status).toBe(302);
    const item = await itemFor(id, i.id);
    // 2 of 3 present is two thirds.
    expect((await act(id, vote(item.id, i.version, { votesFor: "2", votesAgainst: "0", votesAbstain: "1" }))).status).toBe(302);
    const d = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(d.members_present).toBe(3);
  });
});
