/**
 * Blind review holds only if no reviewer can see who submitted what they review: a user who also holds
 * a role that sees identities (secretary, chair, admin) is never offered in the reviewer picker, is
 * refused by the assignment (in Vietnamese and English), cannot gain such a role while a review of theirs
 * is still open, and is refused the review page if they hold both anyway (an account from before this rule).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { addReviewers, assignReviewers, AssignmentError, startScreening } from "~/models/screening/screening.server";
import { saveReview } from "~/models/review/reviews.server";
import { createUser } from "~/models/staff/users.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { seesIdentities, type Role } from "~/utils/permissions";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { assign, currentCriteria, initiativeInReview, makeReviewerCopy, signIn, staffIds, statusOf, submission } from "./review-fixtures";
import { post } from "./staff-support";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let secretary: string;
let admin: string;
let n = 0;
const dual: Record<"secretary" | "chair" | "admin", { id: number; name: string }> = {} as never;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  secretary = await signIn(t.db, "secretary@example.org");
  admin = await signIn(t.db, "admin@example.org");
  for (const role of ["secretary", "chair", "admin"] as const) {
    const name = `Hai Vai Qxv ${role}`;
    const u = await createUser(t.db, { email: `hai-vai-${role}@example.org`, name, roles: ["reviewer", role], actorUserId: ids.admin });
    await t.db.updateTable("users").set({ must_change_password: 0 }).where("id", "=", u.id).execute();
    dual[role] = { id: u.id, name };
  }
});
afterAll(() => t.cleanup());

async function inScreening() {
  const c = await createInitiative(t.db, submission(), [], { submitKey: `blind-assign-${++n}` });
  await startScreening(t.db, { initiativeId: c.id, userId: ids.secretary, expectedVersion: 1 });
  // The reviewer copy exists, so what refuses an assignment here is the reviewer's role, not a missing copy.
  await makeReviewerCopy(t.db, c.id, ids.secretary);
  return { id: c.id, code: c.code };
}

const due = () => addDaysTo(hanoiDate(), 14);

describe("who sees identities", () => {
  it("is the secretary, the chair and the administrator, not a reviewer", () => {
    for (const role of ["secretary", "chair", "admin"] as Role[]) expect(seesIdentities([role]), role).toBe(true);
    expect(seesIdentities(["reviewer"])).toBe(false);
    expect(seesIdentities(["reviewer", "chair"])).toBe(true);
  });
});

describe("assigning a reviewer who can see identities", () => {
  it("is not offered in the picker", async () => {
    const i = await inScreening();
    const html = await (await app.fetch(`/staff/initiatives/${i.code}`, { headers: { Cookie: secretary } })).text();
    expect(html).toContain("Trần Văn Thẩm"); // reviewer1: the picker is there
    for (const d of Object.values(dual)) {
      expect(html).not.toContain(d.name);
      expect(html).not.toContain(`value="${d.id}"`);
    }
  });

  it("is refused by the form with a message in Vietnamese and in English, and nothing changes", async () => {
    const i = await inScreening();
    for (const d of Object.values(dual)) {
      const version = String((await statusOf(t.db, i.id)).version);
      const fields = { intent: "assign", version, reviewer: [String(ids.r1), String(d.id)] };
      const vi = await post(app, `/staff/initiatives/${i.code}`, secretary, fields);
      expect(vi.status).toBe(400);
      expect(await vi.text()).toContain(`${d.name} có vai trò được xem danh tính người gửi`);
      const en = await post(app, `/staff/initiatives/${i.code}`, secretary, fields, "en");
      expect(en.status).toBe(400);
      expect(await en.text()).toContain(`${d.name} holds a role that sees who submitted`);
    }
    expect(await statusOf(t.db, i.id)).toMatchObject({ status: "screening" });
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toEqual([]);
  });

  it("is refused by the model, for a first assignment and for an added reviewer", async () => {
    const i = await inScreening();
    const base = { initiativeId: i.id, userId: ids.secretary, expectedVersion: (await statusOf(t.db, i.id)).version };
    const refused = assignReviewers(t.db, {
      ...base,
      reviewers: [
        { reviewerId: ids.r1, dueOn: due() },
        { reviewerId: dual.chair.id, dueOn: due() },
      ],
    });
    await expect(refused).rejects.toBeInstanceOf(AssignmentError);
    await expect(refused).rejects.toMatchObject({ problem: "sees_identities", reviewerId: dual.chair.id });
    expect((await statusOf(t.db, i.id)).status).toBe("screening");

    await assignReviewers(t.db, {
      ...base,
      reviewers: [
        { reviewerId: ids.r1, dueOn: due() },
        { reviewerId: ids.r2, dueOn: due() },
      ],
    });
    const v = (await statusOf(t.db, i.id)).version;
    await expect(
      addReviewers(t.db, {
        initiativeId: i.id,
        userId: ids.secretary,
        expectedVersion: v,
        reviewers: [{ reviewerId: dual.admin.id, dueOn: due() }],
      }),
    ).rejects.toMatchObject({ problem: "sees_identities" });
    expect(
      await t.db.selectFrom("assignments").select("reviewer_id").where("initiative_id", "=", i.id).orderBy("reviewer_id").execute(),
    ).toEqual([{ reviewer_id: ids.r1 }, { reviewer_id: ids.r2 }].sort((a, b) => a.reviewer_id - b.reviewer_id));
  });
});

describe("a reviewer who would gain a role that sees identities", () => {
  async function reviewer(name: string) {
    const u = await createUser(t.db, {
      email: `${name}@example.org`,
      name: `Thẩm Định ${name}`,
      roles: ["reviewer"],
      actorUserId: ids.admin,
    });
    return u.id;
  }
  const setRoles = (userId: number, roles: Role[], lang?: "vi" | "en") =>
    post(app, "/staff/admin/users", admin, { intent: "roles", userId: String(userId), role: roles }, lang);
  const rolesOf = async (userId: number) =>
    (await t.db.selectFrom("user_roles").select("role").where("user_id", "=", userId).orderBy("role").execute()).map((r) => r.role);

  it("is refused while a review of theirs is open, and may get it once the review is in", async () => {
    const r = await reviewer("mo-phieu");
    const i = await initiativeInReview(t.db, [ids.r1, r]);
    for (const role of ["secretary", "chair", "admin"] as Role[]) {
      const res = await setRoles(r, ["reviewer", role]);
      expect(res.status, role).toBe(409);
      expect(await res.text()).toContain("phiếu chấm điểm chưa xong");
    }
    const en = await setRoles(r, ["secretary"], "en");
    expect(en.status).toBe(409);
    expect(await en.text()).toContain("open review");
    expect(await rolesOf(r)).toEqual(["reviewer"]);
    const audits = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "user.roles")
      .where("target_id", "=", String(r))
      .execute();
    expect(audits).toEqual([]);

    // once the review is in (or the initiative has moved on), nothing is left to see blind
    const criteria = await currentCriteria(t.db);
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: r,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 7])),
      recommendation: "recognise",
      comment: "Đáp ứng đầy đủ tiêu chí.",
      submit: true,
    });
    const ok = await setRoles(r, ["reviewer", "secretary"]);
    expect(ok.status).toBe(200);
    expect(await rolesOf(r)).toEqual(["reviewer", "secretary"]);
  });

  it("a reviewer without open reviews may get it; another role change stays allowed", async () => {
    const r = await reviewer("khong-phieu");
    expect((await setRoles(r, ["reviewer", "chair"])).status).toBe(200);
    expect(await rolesOf(r)).toEqual(["chair", "reviewer"]);
    const busy = await reviewer("van-tham-dinh");
    await initiativeInReview(t.db, [ids.r1, busy]);
    // keeping only roles that see nothing more is no problem
    expect((await setRoles(busy, ["reviewer"])).status).toBe(200);
  });

  it("holding both roles anyway (an account from before this rule), the review page refuses them", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const a = await assign(t.db, i.id, dual.secretary.id, ids.secretary);
    const cookie = await signIn(t.db, "hai-vai-secretary@example.org");
    expect((await app.fetch(`/staff/reviews/${a}`, { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await app.fetch(`/staff/reviews/${a}.data`, { headers: { Cookie: cookie } })).status).toBe(403);
    const criteria = await currentCriteria(t.db);
    const body = new URLSearchParams({ intent: "submit", recommendation: "recognise", comment: "Đáp ứng đầy đủ tiêu chí." });
    for (const c of criteria) body.set(`score_${c.id}`, "7");
    const res = await app.fetch(`/staff/reviews/${a}`, { method: "POST", body, headers: { Cookie: cookie } });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom("reviews").select("id").where("assignment_id", "=", a).execute()).toEqual([]);
  });
});
