/**
 * The council's decision through the real handler: who may record it, the two-thirds rule (refused with
 * 400 and nothing changed), the reason, the commendation, certificate numbers, decision documents,
 * the submitter's email, and two chairs at once (409).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextCertificateNumber, recordDecision } from "~/models/council/decisions.server";
import { saveReview } from "~/models/review/reviews.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, signIn, staffIds, statusOf } from "./review-fixtures";
import { storedBytes } from "../setup/files";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-decision-"));
process.env.DATA_DIR = dataDir;

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let chair: string;
let level: number;

const REASON = "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả rõ rệt và có thể nhân rộng ở các xã, phường.";

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  chair = await signIn(t.db, "chair@example.org");
  level = (await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "certificate").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
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

function decisionForm(fields: Record<string, string | number>, files: { name: string; bytes: Buffer; type: string }[] = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, String(v));
  for (const f of files) fd.append("documents", new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return fd;
}

async function post(code: string, fd: FormData, cookie = chair) {
  return app.fetch(`/staff/initiatives/${code}/decision`, { method: "POST", headers: { Cookie: cookie }, body: fd });
}

const pdf = () => Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function snapshot(id: number) {
  return {
    status: await statusOf(t.db, id),
    decisions: await t.db.selectFrom("decisions").select("id").where("initiative_id", "=", id).execute(),
    events: (await t.db.selectFrom("events").select("id").where("initiative_id", "=", id).execute()).length,
    outbox: (await t.db.selectFrom("outbox").select("id").execute()).length,
    audit: (await t.db.selectFrom("audit_log").select("id").execute()).length,
    attachments: (await t.db.selectFrom("attachments").select("id").where("initiative_id", "=", id).execute()).length,
  };
}

describe("who may record a decision", () => {
  it("the chair only", async () => {
    const i = await inCouncil();
    expect((await app.fetch(`/staff/initiatives/${i.code}/decision`, { headers: { Cookie: chair } })).status).toBe(200);
    for (const who of ["secretary@example.org", "reviewer1@example.org", "admin@example.org"]) {
      const cookie = await signIn(t.db, who);
      expect((await app.fetch(`/staff/initiatives/${i.code}/decision`, { headers: { Cookie: cookie } })).status, who).toBe(403);
      const res = await post(
        i.code,
        decisionForm({
          version: i.version,
          outcome: "not_recognised",
          membersPresent: 5,
          votesFor: 0,
          votesAgainst: 5,
          votesAbstain: 0,
          reason: REASON,
        }),
        cookie,
      );
      expect(res.status, who).toBe(403);
    }
    const anon = await app.fetch(`/staff/initiatives/${i.code}/decision`);
    expect(anon.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
  });
});

describe("the vote", () => {
  it("refuses recognition below two thirds with 400, and changes nothing", async () => {
    const i = await inCouncil();
    const before = await snapshot(i.id);
    const res = await post(
      i.code,
      decisionForm(
        {
          version: i.version,
          outcome: "recognised",
          membersPresent: 8,
          votesFor: 5,
          votesAgainst: 3,
          votesAbstain: 0,
          reason: REASON,
          commendationLevelId: level,
        },
        [{ name: "qd.pdf", bytes: pdf(), type: "application/pdf" }],
      ),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("cần ít nhất 2/3 số thành viên có mặt tán thành");
    expect(html).toContain(REASON); // the form comes back filled in
    expect(await snapshot(i.id)).toEqual(before);
  });

  it("refuses a missing commendation, a vague reason, impossible counts and a contradicting outcome", async () => {
    const i = await inCouncil();
    const before = await snapshot(i.id);
    const base = {
      version: i.version,
      outcome: "recognised",
      membersPresent: 9,
      votesFor: 6,
      votesAgainst: 2,
      votesAbstain: 1,
      reason: REASON,
      commendationLevelId: level,
    };
    const cases: [Record<string, string | number>, string][] = [
      [{ ...base, commendationLevelId: "" }, "Vui lòng chọn hình thức khen thưởng."],
      [{ ...base, reason: "Đồng ý." }, "Lý do phải cụ thể, ít nhất 30 ký tự."],
      [{ ...base, votesAbstain: 2 }, "vượt quá số thành viên có mặt"],
      [{ ...base, votesFor: -1 }, "Vui lòng nhập một số nguyên không âm."],
      [{ ...base, membersPresent: "6.5" }, "Vui lòng nhập một số nguyên không âm."],
      [{ ...base, membersPresent: 0, votesFor: 0, votesAgainst: 0, votesAbstain: 0 }, "Phải có ít nhất một thành viên có mặt."],
      [{ ...base, outcome: "not_recognised" }, "không thể ghi “không công nhận”"],
      [{ ...base, outcome: "" }, "Vui lòng chọn kết quả."],
    ];
    for (const [fields, message] of cases) {
      const res = await post(i.code, decisionForm(fields));
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(await snapshot(i.id)).toEqual(before);
  });

  it("refuses a decision document that is not a PDF", async () => {
    const i = await inCouncil();
    const before = await snapshot(i.id);
    const res = await post(
      i.code,
      decisionForm(
        {
          version: i.version,
          outcome: "recognised",
          membersPresent: 9,
          votesFor: 6,
          votesAgainst: 3,
          votesAbstain: 0,
          reason: REASON,
          commendationLevelId: level,
        },
        [{ name: "qd.pdf", bytes: Buffer.from("MZ this is not a pdf at all"), type: "application/pdf" }],
      ),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Văn bản quyết định phải là tệp PDF.");
    expect(await snapshot(i.id)).toEqual(before);
  });
});

describe("recording", () => {
  it("recognises at exactly two thirds: certificate number, documents, email with the reason, audit", async () => {
    const i = await inCouncil();
    const year = new Date().getUTCFullYear();
    const expected = await nextCertificateNumber(t.db, year);
    const res = await post(
      i.code,
      decisionForm(
        {
          version: i.version,
          outcome: "recognised",
          membersPresent: 9,
          votesFor: 6,
          votesAgainst: 2,
          votesAbstain: 1,
          reason: REASON,
          commendationLevelId: level,
        },
        [{ name: "Quyết định công nhận.pdf", bytes: pdf(), type: "application/pdf" }],
      ),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/staff/initiatives/${i.code}/decision?done=recognised`);
    expect((await statusOf(t.db, i.id)).status).toBe("recognised");
    const d = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      outcome: "recognised",
      members_present: 9,
      votes_for: 6,
      votes_against: 2,
      votes_abstain: 1,
      reason: REASON,
      commendation_level_id: level,
      certificate_number: expected,
      decided_by: ids.chair,
    });
    expect(expected).toMatch(new RegExp(`^CN-${year}-\\d{4}$`));

    const files = await t.db
      .selectFrom("attachments")
      .selectAll()
      .where("initiative_id", "=", i.id)
      .where("purpose", "=", "decision")
      .execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ filename: "Quyết định công nhận.pdf", mime: "application/pdf", is_public: 0 });
    expect(await storedBytes(t.db, dataDir, files[0].sha256)).not.toBeNull();
    const event = await t.db.selectFrom("events").selectAll().where("id", "=", files[0].event_id!).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: "decision", to_status: "recognised", message: REASON, visibility: "submitter" });

    const mail = await t.db.selectFrom("outbox").selectAll().where("dedupe_key", "=", `decision:${i.id}`).executeTakeFirstOrThrow();
    expect(mail.to_address).toBe("zyx.unique@example.net");
    expect(mail.text).toContain(REASON);
    expect(mail.text).toContain(expected);
    expect(mail.text).toContain("Giấy chứng nhận sáng kiến");
    expect(mail.text).toContain("Quyết định công nhận.pdf");
    // The queued email holds the link without its secret; the sender derives it when it sends.
    expect(mail.text).toContain(`/track/${i.code}?t={tracking-token}`);
    expect(mail.text).not.toContain(i.token);
    // one email for the decision, not a second generic status email
    expect(
      await t.db
        .selectFrom("outbox")
        .select("id")
        .where("dedupe_key", "like", `status:${i.id}:%`)
        .where("subject", "like", "%công nhận%")
        .execute(),
    ).toEqual([]);

    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "decision.record")
      .where("target_id", "=", String(i.id))
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(ids.chair);
    expect(JSON.parse(audit.details)).toMatchObject({
      outcome: "recognised",
      certificateNumber: expected,
      from: "council",
      to: "recognised",
    });

    const page = await app.fetch(`/staff/initiatives/${i.code}/decision?done=recognised`, { headers: { Cookie: chair } });
    const html = await page.text();
    expect(html).toContain(expected);
    expect(html).toContain("Đã ghi quyết định");
  });

  it("numbers certificates one after another within a year and starts again at 0001 in a new year", async () => {
    const a = await inCouncil();
    const b = await inCouncil();
    const c = await inCouncil();
    const base = {
      actorUserId: ids.chair,
      outcome: "recognised" as const,
      membersPresent: 3,
      votesFor: 2,
      votesAgainst: 1,
      votesAbstain: 0,
      reason: REASON,
      commendationLevelId: level,
    };
    const now = new Date("2031-03-01T03:00:00Z");
    const first = await recordDecision(t.db, { ...base, initiativeId: a.id, expectedVersion: a.version, now });
    const second = await recordDecision(t.db, { ...base, initiativeId: b.id, expectedVersion: b.version, now });
    expect(first.certificateNumber).toBe("CN-2031-0001");
    expect(second.certificateNumber).toBe("CN-2031-0002");
    const third = await recordDecision(t.db, {
      ...base,
      initiativeId: c.id,
      expectedVersion: c.version,
      now: new Date("2032-01-02T03:00:00Z"),
    });
    expect(third.certificateNumber).toBe("CN-2032-0001");
  });

  it("does not recognise: no certificate, the reason goes to the submitter", async () => {
    const i = await inCouncil();
    const reason = "Giải pháp chưa có tính mới: nội dung tương tự đã triển khai theo kế hoạch chuyển đổi số của Thành phố.";
    const res = await post(
      i.code,
      decisionForm({
        version: i.version,
        outcome: "not_recognised",
        membersPresent: 7,
        votesFor: 2,
        votesAgainst: 4,
        votesAbstain: 1,
        reason,
      }),
    );
    expect(res.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("not_recognised");
    const d = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(d.certificate_number).toBeNull();
    expect(d.commendation_level_id).toBeNull();
    const mail = await t.db.selectFrom("outbox").selectAll().where("dedupe_key", "=", `decision:${i.id}`).executeTakeFirstOrThrow();
    expect(mail.subject).toContain("Không công nhận");
    expect(mail.text).toContain(reason);
  });
});

describe("two chairs at once", () => {
  it("the second, from a stale page, gets 409 and a page that says what changed", async () => {
    const i = await inCouncil();
    const fields = {
      version: i.version,
      outcome: "recognised",
      membersPresent: 5,
      votesFor: 4,
      votesAgainst: 1,
      votesAbstain: 0,
      reason: REASON,
      commendationLevelId: level,
    };
    const first = await post(i.code, decisionForm(fields));
    expect(first.status).toBe(302);
    const second = await post(i.code, decisionForm({ ...fields, outcome: "not_recognised", votesFor: 1, votesAgainst: 4 }));
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Hồ sơ đã được người khác thay đổi");
    expect(html).toContain('data-current-status="recognised"');
    const rows = await t.db.selectFrom("decisions").select(["outcome"]).where("initiative_id", "=", i.id).execute();
    expect(rows).toEqual([{ outcome: "recognised" }]);
  });
});
