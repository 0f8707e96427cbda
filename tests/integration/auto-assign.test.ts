/**
 * Automatic reviewer assignment through the real handlers: the administrator's expertise form, the proposal
 * (conflicts, same organisation and full loads left out, expertise preferred), the secretary's edit and
 * confirmation through the usual assignment (emails, audit), the randomised mode's audit of cap and seed,
 * refusals of a stale proposal, and blind review kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { setReviewerProfile } from "~/models/review/auto-assign.server";
import { assignReviewers, startScreening } from "~/models/screening/screening.server";
import { createUser } from "~/models/staff/users.server";
import { makeReviewerCopy } from "./review-fixtures";
import { fold } from "~/utils/text";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { workingDayCalendar } from "~/models/calendar/calendar.server";
import { REVIEW_WORKING_DAYS } from "~/models/service-targets/targets";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { SECRET_AUTHOR, SECRET_COAUTHOR, signIn, staffIds, statusOf, submission } from "./review-fixtures";
import { get, post } from "./staff-support";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let secretary: string;
let admin: string;
let agencyA: number;
let agencyB: number;
const R: Record<
  "expert" | "sameAgency" | "sameOrgText" | "conflicted" | "full" | "plain" | "plain2",
  { id: number; name: string; email: string }
> = {} as never;
let n = 0;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  secretary = await signIn(t.db, "secretary@example.org");
  admin = await signIn(t.db, "admin@example.org");
  const agency = async (name: string) =>
    (
      await t.db
        .insertInto("agencies")
        .values({ name, name_folded: fold(name) })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  agencyA = await agency("Sở Thử Nghiệm Aqz");
  agencyB = await agency("CÔNG TY  độc nhất ZYX"); // the fixture author's organisation, written otherwise
  for (const key of Object.keys({
    expert: 1,
    sameAgency: 1,
    sameOrgText: 1,
    conflicted: 1,
    full: 1,
    plain: 1,
    plain2: 1,
  }) as (keyof typeof R)[]) {
    const name = `Thẩm Định ${key} Kqv`;
    const email = `auto-${key.toLowerCase()}@example.org`;
    const u = await createUser(t.db, { email, name, roles: ["reviewer"], actorUserId: ids.admin });
    await t.db.updateTable("users").set({ must_change_password: 0 }).where("id", "=", u.id).execute();
    R[key] = { id: u.id, name, email };
  }
  await setReviewerProfile(t.db, R.expert.id, { areas: ["procedures"], domains: ["land"], maxOpenReviews: 5, agencyId: null }, ids.admin);
  // Same expertise as the expert: only their organisation keeps them out.
  await setReviewerProfile(
    t.db,
    R.sameAgency.id,
    { areas: ["procedures"], domains: ["land"], maxOpenReviews: 5, agencyId: agencyA },
    ids.admin,
  );
  await setReviewerProfile(
    t.db,
    R.sameOrgText.id,
    { areas: ["procedures"], domains: ["land"], maxOpenReviews: 5, agencyId: agencyB },
    ids.admin,
  );
  await setReviewerProfile(
    t.db,
    R.conflicted.id,
    { areas: ["procedures"], domains: ["land"], maxOpenReviews: 5, agencyId: null },
    ids.admin,
  );
  await setReviewerProfile(t.db, R.full.id, { areas: ["procedures"], domains: ["land"], maxOpenReviews: 0, agencyId: null }, ids.admin);
});
afterAll(() => t.cleanup());

async function inScreening(overrides: Parameters<typeof submission>[0] = {}) {
  const c = await createInitiative(t.db, submission({ scopeType: "agency", agencyId: agencyA, ...overrides }), [], {
    submitKey: `auto-${++n}`,
  });
  await startScreening(t.db, { initiativeId: c.id, userId: ids.secretary, expectedVersion: 1 });
  await t.db
    .insertInto("conflicts")
    .values({ initiative_id: c.id, reviewer_id: R.conflicted.id, type: "relationship", note: "", declared_at: new Date().toISOString() })
    .execute();
  await makeReviewerCopy(t.db, c.id, ids.secretary);
  return { id: c.id, code: c.code };
}

/** The reviewers a proposal page ticks for a case. */
function proposedFor(html: string, caseId: number): number[] {
  return [...html.matchAll(new RegExp(`<input type="checkbox" name="r_${caseId}"[^>]*? value="(\\d+)"`, "g"))].map((m) => Number(m[1]));
}

/** The hidden fields of the confirmation form, as the browser would send them (every tick kept). */
function confirmFields(html: string): Record<string, string[]> {
  const form = html.slice(html.indexOf('name="intent" value="confirm"') - 200);
  const out: Record<string, string[]> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) (out[m[1]] ??= []).push(m[2]);
  for (const m of form.matchAll(/<input type="checkbox" name="(r_\d+)"[^>]*? value="(\d+)"/g)) (out[m[1]] ??= []).push(m[2]);
  return out;
}

async function propose(code: string | null, fields: Record<string, string> = {}, lang?: "vi" | "en") {
  const path = code ? `/staff/assign?case=${code}` : "/staff/assign";
  return post(app, path, secretary, { intent: "propose", mode: "deterministic", ...fields }, lang);
}

async function openLoad(reviewerId: number) {
  const rows = await t.db
    .selectFrom("assignments")
    .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
    .select("assignments.id")
    .where("reviewer_id", "=", reviewerId)
    .where("assignments.status", "=", "assigned")
    .where("initiatives.status", "=", "in_review")
    .execute();
  return rows.length;
}

describe("the administrator's expertise form", () => {
  it("saves areas, domains, the limit and the agency, and audits the change", async () => {
    const res = await post(app, "/staff/admin/users", admin, {
      intent: "reviewer_profile",
      userId: String(R.plain2.id),
      area: ["digital_government", "institutional"],
      domain: ["civil_status"],
      maxOpenReviews: "7",
      agencyId: "",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Đã lưu hồ sơ thẩm định của [^<]+\./);
    const u = await t.db
      .selectFrom("users")
      .select(["max_open_reviews", "agency_id"])
      .where("id", "=", R.plain2.id)
      .executeTakeFirstOrThrow();
    expect(u).toEqual({ max_open_reviews: 7, agency_id: null });
    const ex = await t.db
      .selectFrom("reviewer_expertise")
      .select(["kind", "code"])
      .where("user_id", "=", R.plain2.id)
      .orderBy("kind")
      .orderBy("code")
      .execute();
    expect(ex).toEqual([
      { kind: "area", code: "digital_government" },
      { kind: "area", code: "institutional" },
      { kind: "domain", code: "civil_status" },
    ]);
    const log = await t.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "user.reviewer_profile")
      .where("target_id", "=", String(R.plain2.id))
      .execute();
    expect(log).toHaveLength(1);
  });

  it("refuses bad values with messages at the fields, in Vietnamese and English, and changes nothing", async () => {
    const fields = { intent: "reviewer_profile", userId: String(R.plain2.id), area: ["bogus"], maxOpenReviews: "-3", agencyId: "999999" };
    const vi = await post(app, "/staff/admin/users", admin, fields);
    expect(vi.status).toBe(400);
    const html = await vi.text();
    expect(html).toContain(`id="f-profile-${R.plain2.id}-maxOpenReviews-error"`);
    expect(html).toContain("Số phiếu tối đa phải là số nguyên từ 0 đến 100.");
    expect(html).toContain("Cơ quan không có trong danh sách.");
    expect(html).toContain("Lĩnh vực cải cách không hợp lệ.");
    const en = await post(app, "/staff/admin/users", admin, fields, "en");
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("The limit must be a whole number from 0 to 100.");
    const u = await t.db.selectFrom("users").select(["max_open_reviews"]).where("id", "=", R.plain2.id).executeTakeFirstOrThrow();
    expect(u.max_open_reviews).toBe(7);
  });

  it("is the administrator's alone", async () => {
    const res = await post(app, "/staff/admin/users", secretary, {
      intent: "reviewer_profile",
      userId: String(R.plain2.id),
      maxOpenReviews: "50",
    });
    expect(res.status).toBe(403);
  });
});

describe("a proposal for one case", () => {
  it("leaves out conflicts, the same organisation and full loads, prefers expertise, and assigns nothing yet", async () => {
    const i = await inScreening();
    const before = await t.db.selectFrom("assignments").select("id").execute();
    const res = await propose(i.code);
    expect(res.status).toBe(200);
    const html = await res.text();
    const chosen = proposedFor(html, i.id);
    expect(chosen).toHaveLength(2);
    expect(chosen).toContain(R.expert.id);
    for (const r of [R.sameAgency, R.sameOrgText, R.conflicted, R.full]) expect(chosen, r.name).not.toContain(r.id);
    expect(html).toContain("đúng lĩnh vực và ngành");
    // The secretary may see why someone was left out.
    expect(html).toContain(`${R.sameAgency.name} (0/5) — cùng cơ quan`);
    expect(html).toContain(`${R.sameOrgText.name} (0/5) — cùng cơ quan`);
    expect(html).toContain(`${R.conflicted.name} (0/5) — đã khai xung đột lợi ích`);
    expect(await t.db.selectFrom("assignments").select("id").execute()).toHaveLength(before.length);
    expect((await statusOf(t.db, i.id)).version).toBe(2);
  });

  it("is confirmed through the usual assignment: status, emails, due dates, audit rows", async () => {
    const i = await inScreening();
    const html = await (await propose(i.code)).text();
    const chosen = proposedFor(html, i.id);
    const res = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...confirmFields(html) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/staff/initiatives/${i.code}?done=assign`);
    expect((await statusOf(t.db, i.id)).status).toBe("in_review");
    const rows = await t.db
      .selectFrom("assignments")
      .select(["reviewer_id", "due_on", "status"])
      .where("initiative_id", "=", i.id)
      .orderBy("reviewer_id")
      .execute();
    expect(rows.map((r) => r.reviewer_id)).toEqual([...chosen].sort((a, b) => a - b));
    const dueOn = (await workingDayCalendar(t.db)).addWorkingDays(hanoiDate(), REVIEW_WORKING_DAYS);
    for (const r of rows) expect(r).toMatchObject({ status: "assigned", due_on: dueOn });
    const emails = await t.db.selectFrom("users").select("email").where("id", "in", chosen).execute();
    const mail = await t.db
      .selectFrom("outbox")
      .select("to_address")
      .where(
        "to_address",
        "in",
        emails.map((e) => e.email),
      )
      .where("subject", "like", `%${i.code}%`)
      .execute();
    expect(mail).toHaveLength(2);
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "in", ["assignment.create", "assignment.auto_confirm"])
      .orderBy("id")
      .execute();
    expect(audits.filter((a) => a.action === "assignment.create" && JSON.parse(a.details).initiativeId === i.id)).toHaveLength(2);
    const confirm = JSON.parse(audits.filter((a) => a.action === "assignment.auto_confirm").at(-1)!.details);
    expect(confirm).toMatchObject({ mode: "deterministic", cap: null, seed: null, added: [], removed: [] });
  });

  it("takes the secretary's edit, and refuses an edit that breaks a rule with the reason at the case", async () => {
    const i = await inScreening();
    const html = await (await propose(i.code)).text();
    const fields = confirmFields(html);
    const kept = Number(fields[`r_${i.id}`][0]);
    // Replacing one with someone of the same organisation: refused, named, nothing assigned.
    const bad = await post(app, `/staff/assign?case=${i.code}`, secretary, {
      ...fields,
      intent: "confirm",
      [`r_${i.id}`]: [String(kept), String(R.sameAgency.id)],
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain(`${R.sameAgency.name} không thể thẩm định hồ sơ ${i.code} (cùng cơ quan).`);
    expect(badHtml).toContain(`id="f-case-${i.id}-error"`);
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toHaveLength(0);
    // Only one ticked: too few.
    const few = await post(
      app,
      `/staff/assign?case=${i.code}`,
      secretary,
      { ...fields, intent: "confirm", [`r_${i.id}`]: [String(kept)] },
      "en",
    );
    expect(few.status).toBe(400);
    expect(await few.text()).toContain(`Submission ${i.code} needs at least 2 reviewers.`);
    // A valid replacement goes through, and the audit shows what was changed.
    const other = [R.plain.id, R.plain2.id, ids.r1, ids.r2, ids.r3].find((id) => !fields[`r_${i.id}`].includes(String(id)))!;
    const ok = await post(app, `/staff/assign?case=${i.code}`, secretary, {
      ...fields,
      intent: "confirm",
      [`r_${i.id}`]: [String(kept), String(other)],
    });
    expect(ok.status).toBe(302);
    const rows = await t.db.selectFrom("assignments").select("reviewer_id").where("initiative_id", "=", i.id).execute();
    expect(rows.map((r) => r.reviewer_id).sort()).toEqual([kept, other].sort());
    const audit = await t.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "assignment.auto_confirm")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details).added).toEqual([[i.id, other]]);
  });

  it("explains a case that cannot be served instead of proposing part of it", async () => {
    // Every reviewer left out: the demo ones by a conflict each, ours by organisation or conflict.
    const i = await inScreening();
    const everyone = [R.expert, R.plain, R.plain2].map((r) => r.id).concat([ids.r1, ids.r2, ids.r3]);
    for (const r of everyone) {
      await t.db
        .insertInto("conflicts")
        .values({ initiative_id: i.id, reviewer_id: r, type: "other", note: "", declared_at: new Date().toISOString() })
        .execute();
    }
    const html = await (await propose(i.code)).text();
    expect(proposedFor(html, i.id)).toEqual([]);
    expect(html).toContain("Hồ sơ chưa thể phân công");
    expect(html).toMatch(/Cần 2 người nhưng chỉ còn 0 người phù hợp\./);
    expect(html).toMatch(/Loại: 7 xung đột lợi ích, 2 cùng cơ quan, 0 đã phân công, 1 đã đủ phiếu\./);
  });
});

describe("the randomised mode", () => {
  it("records the cap and a fresh seed in the audit log, at the proposal and at the confirmation", async () => {
    const i = await inScreening();
    const res = await propose(i.code, { mode: "randomised", cap: "0,5" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const proposal = await t.db
      .selectFrom("audit_log")
      .select(["id", "details"])
      .where("action", "=", "assignment.auto_propose")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    const details = JSON.parse(proposal.details);
    expect(details.cap).toBe(0.5);
    expect(details.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(html).toContain(details.seed);
    expect(proposedFor(html, i.id)).toHaveLength(2);
    const fields = confirmFields(html);
    expect(fields.proposalAuditId).toEqual([String(proposal.id)]);
    const ok = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...fields });
    expect(ok.status).toBe(302);
    const confirm = await t.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "assignment.auto_confirm")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(confirm.details)).toMatchObject({ mode: "randomised", cap: 0.5, seed: details.seed, proposalAuditId: proposal.id });
    // Two proposals draw two different seeds.
    await propose(i.code, { mode: "randomised", cap: "0.5" });
    const seeds = await t.db.selectFrom("audit_log").select("details").where("action", "=", "assignment.auto_propose").execute();
    expect(new Set(seeds.map((s) => JSON.parse(s.details).seed)).size).toBe(seeds.length);
  });

  it("refuses a cap out of range at the field", async () => {
    const i = await inScreening();
    const res = await propose(i.code, { mode: "randomised", cap: "2" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="f-cap-error"');
    expect(html).toContain("Mức trần phải là số từ 0,1 đến 1.");
  });
});

describe("a case without a reviewer copy", () => {
  it("is refused at confirmation with the reason, and nothing is assigned", async () => {
    const i = await inScreening();
    const html = await (await propose(i.code)).text();
    await t.db.deleteFrom("reviewer_copies").where("initiative_id", "=", i.id).execute();
    const before = await t.db.selectFrom("assignments").select("id").execute();
    const res = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...confirmFields(html) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`Hồ sơ ${i.code} chưa có bản cho thành viên thẩm định`);
    expect(await t.db.selectFrom("assignments").select("id").execute()).toEqual(before);
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", i.id).executeTakeFirstOrThrow()).status).toBe(
      "screening",
    );
  });
});

describe("a stale proposal", () => {
  it("is refused when a case moved meanwhile, and nothing is assigned", async () => {
    const i = await inScreening();
    const j = await inScreening();
    // Both cases in one confirmation: j moves by hand meanwhile, so i is not assigned either.
    const fields: Record<string, string[]> = {};
    for (const c of [i, j]) {
      const html = await (await propose(c.code)).text();
      expect(proposedFor(html, c.id)).toHaveLength(2);
      for (const [k, v] of Object.entries(confirmFields(html)))
        fields[k] = k === "case" || k.startsWith("r_") || k.startsWith("version_") ? [...(fields[k] ?? []), ...v] : v;
    }
    await assignReviewers(t.db, {
      initiativeId: j.id,
      userId: ids.secretary,
      expectedVersion: (await statusOf(t.db, j.id)).version,
      reviewers: [ids.r1, ids.r2].map((reviewerId) => ({ reviewerId, dueOn: addDaysTo(hanoiDate(), 10) })),
    });
    const res = await post(app, "/staff/assign", secretary, { ...fields, intent: "confirm" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`Hồ sơ ${j.code} đã thay đổi từ lúc lập đề xuất. Không có phân công nào được thực hiện`);
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toHaveLength(0);
    expect((await statusOf(t.db, i.id)).status).toBe("screening");
  });

  it("is refused when a reviewer's load has reached their limit meanwhile", async () => {
    const i = await inScreening();
    const html = await (await propose(i.code)).text();
    const chosen = proposedFor(html, i.id);
    const victim = chosen[0];
    await t.db
      .updateTable("users")
      .set({ max_open_reviews: await openLoad(victim) })
      .where("id", "=", victim)
      .execute();
    const res = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...confirmFields(html) }, "en");
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/open reviews, at most \d+: the proposal goes past the limit\. Nothing was assigned/);
    expect(await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).execute()).toHaveLength(0);
    await t.db.updateTable("users").set({ max_open_reviews: 5 }).where("id", "=", victim).execute();
  });
});

describe("every case waiting", () => {
  it("gets its number of reviewers within everyone's limit, or is explained", async () => {
    for (let k = 0; k < 3; k++) await inScreening({ agencyId: k === 0 ? agencyB : null, scopeType: k === 0 ? "agency" : "city" });
    // The demo's cases in screening get their reviewer copy as a secretary would make it.
    for (const c of await t.db.selectFrom("initiatives").select("id").where("status", "=", "screening").execute()) {
      if (!(await t.db.selectFrom("reviewer_copies").select("initiative_id").where("initiative_id", "=", c.id).executeTakeFirst()))
        await makeReviewerCopy(t.db, c.id, ids.secretary);
    }
    // Room enough for the demo's cases too.
    await t.db
      .updateTable("users")
      .set({ max_open_reviews: 40 })
      .where("id", "in", [R.expert.id, R.plain.id, R.plain2.id, ids.r1, ids.r2, ids.r3])
      .execute();
    const html = await (await get(app, "/staff/assign", secretary)).text();
    expect(html).toMatch(/\d+ hồ sơ đang chờ phân công thẩm định\./);
    const page = await (await propose(null)).text();
    const fields = confirmFields(page);
    const caseIds = (fields.case ?? []).map(Number);
    expect(caseIds.length).toBeGreaterThanOrEqual(3);
    const res = await post(app, "/staff/assign", secretary, { intent: "confirm", ...fields });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/staff\/assign\?done=\d+$/);
    for (const id of caseIds) {
      const active = await t.db
        .selectFrom("assignments")
        .select("reviewer_id")
        .where("initiative_id", "=", id)
        .where("status", "!=", "conflict")
        .execute();
      expect(active.length, `case ${id}`).toBeGreaterThanOrEqual(2);
      const conflicted = await t.db.selectFrom("conflicts").select("reviewer_id").where("initiative_id", "=", id).execute();
      for (const c of conflicted) expect(active.map((a) => a.reviewer_id)).not.toContain(c.reviewer_id);
    }
    const users = await t.db
      .selectFrom("users")
      .select(["id", "max_open_reviews"])
      .where("id", "in", [...Object.values(R).map((r) => r.id), ids.r1, ids.r2, ids.r3])
      .execute();
    for (const u of users) expect(await openLoad(u.id), `reviewer ${u.id}`).toBeLessThanOrEqual(u.max_open_reviews);
    // Nothing left waiting that could be served.
    const after = await (await propose(null)).text();
    expect(confirmFields(after).case ?? []).toEqual([]);
  });
});

describe("blind review and access", () => {
  it("shows an assigned reviewer nothing of the author, nor why others were left out", async () => {
    const i = await inScreening();
    const html = await (await propose(i.code)).text();
    const chosen = proposedFor(html, i.id);
    expect((await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...confirmFields(html) })).status).toBe(302);
    const who = Object.values(R).find((r) => r.id === chosen[0]) ?? null;
    const email =
      who?.email ?? (await t.db.selectFrom("users").select("email").where("id", "=", chosen[0]).executeTakeFirstOrThrow()).email;
    const cookie = await signIn(t.db, email);
    const list = await (await get(app, "/staff/reviews", cookie)).text();
    const a = await t.db
      .selectFrom("assignments")
      .select("id")
      .where("initiative_id", "=", i.id)
      .where("reviewer_id", "=", chosen[0])
      .executeTakeFirstOrThrow();
    const page = await (await get(app, `/staff/reviews/${a.id}`, cookie)).text();
    for (const body of [list, page]) {
      for (const secret of [
        SECRET_AUTHOR.fullName,
        SECRET_AUTHOR.email,
        SECRET_AUTHOR.organisation,
        SECRET_COAUTHOR,
        "cùng cơ quan",
        "same organisation",
      ]) {
        expect(body).not.toContain(secret);
      }
    }
    expect(page).toContain(i.code);
    // and the reviewer may not open the assignment page at all
    expect((await get(app, "/staff/assign", cookie)).status).toBe(403);
    expect((await post(app, "/staff/assign", cookie, { intent: "propose" })).status).toBe(403);
  });

  it("is the secretary's: the chair and the administrator are refused, a visitor is sent to sign in", async () => {
    for (const email of ["chair@example.org", "admin@example.org"]) {
      const cookie = await signIn(t.db, email);
      expect((await get(app, "/staff/assign", cookie)).status, email).toBe(403);
      expect((await post(app, "/staff/assign", cookie, { intent: "propose" })).status, email).toBe(403);
    }
    const anon = await get(app, "/staff/assign");
    expect(anon.status).toBe(302);
  });
});
