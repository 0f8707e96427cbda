/**
 * The rubric is data: an administrator's change makes a new current version; reviews keep the version
 * they were scored on (a draft started before the change too), new reviews use the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaleVersionError } from "~/models/errors";
import { getReviewPage, saveReview } from "~/models/review/reviews.server";
import { createRubricVersion, getCurrentRubric } from "~/models/review/rubric.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { initiativeInReview, signIn, staffIds } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let admin: string;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
  ids = await staffIds(t.db);
});
afterAll(() => t.cleanup());

function rubricForm(current: number, rows: Record<string, string>[], removes: number[] = []) {
  const body = new URLSearchParams({ current: String(current), count: String(rows.length) });
  rows.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) body.set(`c.${i}.${k}`, v);
  });
  for (const i of removes) body.set(`c.${i}.remove`, "on");
  return body;
}

const row = (key: string, weight: number, min = 0, max = 10) => ({
  key,
  label_vi: `Tiêu chí ${key}`,
  label_en: `Criterion ${key}`,
  weight: String(weight),
  scale_min: String(min),
  scale_max: String(max),
});

describe("rubric versions", () => {
  it("is the administrator's page only", async () => {
    expect((await app.fetch("/staff/admin/rubric", { headers: { Cookie: admin } })).status).toBe(200);
    for (const who of ["secretary@example.org", "chair@example.org", "reviewer1@example.org"]) {
      const res = await app.fetch("/staff/admin/rubric", { headers: { Cookie: await signIn(t.db, who) } });
      expect(res.status, who).toBe(403);
    }
  });

  it("refuses bad criteria with messages at the fields, and keeps the current version", async () => {
    const before = await getCurrentRubric(t.db);
    const cases: [Record<string, string>[], string, string][] = [
      [[row("novelty", 0)], "c.0.weight", "Trọng số phải là số nguyên dương"],
      [[{ ...row("novelty", 10), weight: "2.5" }], "c.0.weight", "Vui lòng nhập một số nguyên."],
      [[row("novelty", 10, 5, 5)], "c.0.scale_max", "Điểm tối đa phải lớn hơn điểm tối thiểu."],
      [[row("novelty", 10), row("novelty", 20)], "c.1.key", "Mã tiêu chí bị trùng."],
      [[row("Tính mới", 10)], "c.0.key", "Mã tiêu chí: chữ thường không dấu"],
      [[{ ...row("x1", 10), label_vi: "" }], "c.0.label_vi", "Vui lòng nhập tên tiêu chí"],
      [[], "rubric-form", "Bộ tiêu chí cần ít nhất một tiêu chí."],
    ];
    for (const [rows, field, message] of cases) {
      const res = await app.fetch("/staff/admin/rubric", {
        method: "POST",
        headers: { Cookie: admin },
        body: rubricForm(before.versionId, rows),
      });
      expect(res.status, message).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      if (field !== "rubric-form")
        expect(html).toMatch(new RegExp(`<input[^>]*id="f-${field.replace(/\./g, "-")}"[^>]*aria-invalid="true"`));
    }
    expect((await getCurrentRubric(t.db)).versionId).toBe(before.versionId);
  });

  it("creates a new version; a submitted review and a draft keep the old criteria; a new review gets the new ones", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    const v1 = await getCurrentRubric(t.db);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: Object.fromEntries(v1.criteria.map((c) => [c.id, 7])),
      recommendation: "recognise",
      comment: "Đáp ứng đầy đủ tiêu chí.",
      submit: true,
    });
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: { [v1.criteria[0].id]: 4 },
      recommendation: null,
      comment: "",
      submit: false,
    });

    // drop "feasibility" (row 3), reweigh novelty, add "cost" on a 1–5 scale
    const rows = v1.criteria.map((c) => row(c.key, c.key === "novelty" ? 40 : c.weight));
    rows.push(row("cost", 10, 1, 5), { key: "", label_vi: "", label_en: "", weight: "", scale_min: "0", scale_max: "10" });
    const res = await app.fetch("/staff/admin/rubric", {
      method: "POST",
      headers: { Cookie: admin },
      body: rubricForm(v1.versionId, rows, [3]),
    });
    expect(res.status).toBe(302);

    const v2 = await getCurrentRubric(t.db);
    expect(v2.versionId).not.toBe(v1.versionId);
    expect(v2.criteria.map((c) => [c.key, c.weight, c.scale_min, c.scale_max])).toEqual([
      ["novelty", 40, 0, 10],
      ["applicability", 25, 0, 10],
      ["benefit", 30, 0, 10],
      ["cost", 10, 1, 5],
    ]);
    const versions = await t.db.selectFrom("rubric_versions").select(["id", "is_current"]).orderBy("id").execute();
    expect(versions.filter((v) => v.is_current === 1).map((v) => v.id)).toEqual([v2.versionId]);
    // the old criteria are still there for the reviews that use them
    expect((await t.db.selectFrom("rubric_criteria").select("id").where("rubric_version_id", "=", v1.versionId).execute()).length).toBe(4);

    const submitted = await getReviewPage(t.db, i.assignments[0], ids.r1);
    expect(submitted.rubricVersionId).toBe(v1.versionId);
    expect(submitted.criteria.map((c) => c.key)).toContain("feasibility");
    const draft = await getReviewPage(t.db, i.assignments[1], ids.r2);
    expect(draft.rubricVersionId).toBe(v1.versionId);
    const fresh = await getReviewPage(t.db, i.assignments[2], ids.r3);
    expect(fresh.rubricVersionId).toBe(v2.versionId);
    expect(fresh.criteria.map((c) => c.key)).toEqual(["novelty", "applicability", "benefit", "cost"]);

    // the new reviewer's page shows the new scale, and a score outside it is refused
    const r3 = await signIn(t.db, "reviewer3@example.org");
    const html = await (await app.fetch(`/staff/reviews/${i.assignments[2]}`, { headers: { Cookie: r3 } })).text();
    expect(html).toContain("Tiêu chí cost");
    const cost = fresh.criteria.find((c) => c.key === "cost")!;
    const bad = new URLSearchParams({ intent: "save", [`score_${cost.id}`]: "9" });
    const refused = await app.fetch(`/staff/reviews/${i.assignments[2]}`, { method: "POST", headers: { Cookie: r3 }, body: bad });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Điểm nằm ngoài thang điểm.");

    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "rubric.version").execute();
    expect(audit.at(-1)?.target_id).toBe(String(v2.versionId));
    expect(JSON.parse(audit.at(-1)!.details).previous).toEqual([v1.versionId]);
  });

  it("refuses a save from a page showing an older version (409)", async () => {
    const v = await getCurrentRubric(t.db);
    const res = await app.fetch("/staff/admin/rubric", {
      method: "POST",
      headers: { Cookie: admin },
      body: rubricForm(v.versionId - 1, [row("novelty", 10)]),
    });
    expect(res.status).toBe(409);
    expect((await getCurrentRubric(t.db)).versionId).toBe(v.versionId);
    // the page says what happened and shows the version now current, not the stale rows
    const html = await res.text();
    expect(html).toContain("Một quản trị viên khác vừa lưu phiên bản mới của bộ tiêu chí.");
    expect(html).toContain(`name="current" value="${v.versionId}"`);
  });

  it("checks the version inside the saving transaction, so two saves from one page cannot both pass", async () => {
    const v = await getCurrentRubric(t.db);
    const criteria = [{ key: "novelty", label_vi: "Tính mới", label_en: "Novelty", weight: 1, scale_min: 0, scale_max: 10 }];
    const results = await Promise.allSettled([
      createRubricVersion(t.db, { criteria, actorUserId: ids.admin, expectedCurrentVersionId: v.versionId }),
      createRubricVersion(t.db, { criteria, actorUserId: ids.admin, expectedCurrentVersionId: v.versionId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleVersionError);
    expect(await t.db.selectFrom("rubric_versions").select("id").where("is_current", "=", 1).execute()).toHaveLength(1);
  });
});
