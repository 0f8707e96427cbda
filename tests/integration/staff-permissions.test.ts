/**
 * The permission matrix, generated from the route files on disk: every staff route × anonymous and each
 * role → the expected status. A staff route file without a rule here fails the test, so a new page cannot
 * ship without someone deciding who may open it.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/utils/permissions";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, expectLoginRedirect, get, post, signIn } from "./staff-support";
import { putFile } from "../setup/files";
import type { Status } from "~/domain/vocabulary";

type Who = Role | "anonymous";
interface Fixtures {
  screening: string;
  council: string;
  recognised: string;
  attachment: string;
  ownAssignment: number;
  /** the demo's scheduled council meeting (reviewer1 is among its members present) */
  meeting: number;
  /** the demo's city-level round, a nomination in it, and reviewer1's city-level assignment */
  cityYear: number;
  cityNomination: number;
  cityAssignment: number;
}
interface Rule {
  /** the URL to request, built from the demo data */
  path?: (f: Fixtures) => string;
  /** expected GET status per role (anonymous: a 302 to the login page unless given) */
  get?: Partial<Record<Who, number>>;
  /** a layout with no URL of its own: its children's rules cover it */
  layout?: true;
}

const staffOnly = (allowed: Role[], ok = 200): Partial<Record<Who, number>> =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? ok : 403]));

const RULES: Record<string, Rule> = {
  "staff.tsx": { layout: true },
  "staff._index.tsx": { path: () => "/staff", get: staffOnly(["admin", "secretary", "reviewer", "chair"]) },
  "staff.login.tsx": { path: () => "/staff/login", get: { anonymous: 200, ...staffOnly(["admin", "secretary", "reviewer", "chair"]) } },
  "staff.logout.tsx": { path: () => "/staff/logout", get: { anonymous: 302, admin: 302, secretary: 302, reviewer: 302, chair: 302 } },
  "staff.password.tsx": { path: () => "/staff/password", get: staffOnly(["admin", "secretary", "reviewer", "chair"]) },
  "staff.queue[.]xlsx.tsx": { path: () => "/staff/queue.xlsx", get: staffOnly(["admin", "secretary", "reviewer", "chair"]) },
  "staff.admin.audit[.]xlsx.tsx": { path: () => "/staff/admin/audit.xlsx", get: staffOnly(["admin"]) },
  "staff.notifications.tsx": { path: () => "/staff/notifications", get: staffOnly(["admin", "secretary", "reviewer", "chair"]) },
  "staff.admin.users.tsx": { path: () => "/staff/admin/users", get: staffOnly(["admin"]) },
  "staff.admin.rubric.tsx": { path: () => "/staff/admin/rubric", get: staffOnly(["admin"]) },
  "staff.admin.commendations.tsx": { path: () => "/staff/admin/commendations", get: staffOnly(["admin"]) },
  "staff.admin.units.tsx": { path: () => "/staff/admin/units", get: staffOnly(["admin"]) },
  "staff.admin.audit.tsx": { path: () => "/staff/admin/audit", get: staffOnly(["admin"]) },
  "staff.admin.audit[.]csv.tsx": { path: () => "/staff/admin/audit.csv", get: staffOnly(["admin"]) },
  "staff.admin.outbox.tsx": { path: () => "/staff/admin/outbox", get: staffOnly(["admin"]) },
  "staff.initiatives.$code.tsx": { path: (f) => `/staff/initiatives/${f.screening}`, get: staffOnly(["admin", "secretary", "chair"]) },
  "staff.initiatives.$code.files.$id.tsx": { path: (f) => f.attachment, get: staffOnly(["admin", "secretary", "chair"]) },
  "staff.initiatives.$code.aggregate.tsx": {
    path: (f) => `/staff/initiatives/${f.council}/aggregate`,
    get: staffOnly(["admin", "secretary", "chair"]),
  },
  "staff.initiatives.$code.decision.tsx": { path: (f) => `/staff/initiatives/${f.council}/decision`, get: staffOnly(["chair"]) },
  "staff.initiatives.$code.publication.tsx": {
    path: (f) => `/staff/initiatives/${f.recognised}/publication`,
    get: staffOnly(["secretary", "chair"]),
  },
  "staff.reviews._index.tsx": { path: () => "/staff/reviews", get: staffOnly(["reviewer"]) },
  "staff.reviews.$assignmentId.tsx": { path: (f) => `/staff/reviews/${f.ownAssignment}`, get: staffOnly(["reviewer"]) },
  "staff.assign.tsx": { path: () => "/staff/assign", get: staffOnly(["secretary"]) },
  "staff.admin.calendar.tsx": { path: () => "/staff/admin/calendar", get: staffOnly(["admin"]) },
  "staff.privacy-requests.tsx": { path: () => "/staff/privacy-requests", get: staffOnly(["admin", "secretary"]) },
  "staff.admin.access-log.tsx": { path: () => "/staff/admin/access-log", get: staffOnly(["admin"]) },
  "staff.admin.access-log[.]csv.tsx": { path: () => "/staff/admin/access-log.csv", get: staffOnly(["admin"]) },
  "staff.timeliness.tsx": { path: () => "/staff/timeliness", get: staffOnly(["admin", "secretary", "chair"]) },
  "staff.admin.campaigns.tsx": { path: () => "/staff/admin/campaigns", get: staffOnly(["admin"]) },
  "staff.initiatives.$code.adoptions.tsx": {
    path: (f) => `/staff/initiatives/${f.recognised}/adoptions`,
    get: staffOnly(["admin", "secretary"]),
  },
  "staff.initiatives.$code.duplicates.tsx": {
    path: (f) => `/staff/initiatives/${f.screening}/duplicates`,
    get: staffOnly(["admin", "secretary", "chair"]),
  },
  "staff.initiatives.$code.reviewer-copy.tsx": {
    path: (f) => `/staff/initiatives/${f.screening}/reviewer-copy`,
    get: staffOnly(["admin", "secretary", "chair"]),
  },
  // a file of another initiative, not forwarded to this reviewer: not found for them, refused to the others
  "staff.reviews.$assignmentId.files.$id.tsx": {
    path: (f) => `/staff/reviews/${f.ownAssignment}/files/${f.attachment.split("/").pop()}`,
    get: { ...staffOnly([]), reviewer: 404 },
  },
  "staff.meetings._index.tsx": { path: () => "/staff/meetings", get: staffOnly(["secretary", "chair"]) },
  "staff.meetings.new.tsx": { path: () => "/staff/meetings/new", get: staffOnly(["secretary", "chair"]) },
  // a member present reads the meeting page; only the chair and the secretary act on it
  "staff.meetings.$id.tsx": { path: (f) => `/staff/meetings/${f.meeting}`, get: staffOnly(["secretary", "chair", "reviewer"]) },
  "staff.meetings.$id_.minutes.tsx": { path: (f) => `/staff/meetings/${f.meeting}/minutes`, get: staffOnly(["secretary", "chair"]) },
  "staff.city-level._index.tsx": { path: () => "/staff/city-level", get: staffOnly(["admin", "secretary", "reviewer", "chair"]) },
  "staff.city-level.$year.tsx": { path: (f) => `/staff/city-level/${f.cityYear}`, get: staffOnly(["admin", "secretary", "chair"]) },
  "staff.city-level.nominations.$id.tsx": {
    path: (f) => `/staff/city-level/nominations/${f.cityNomination}`,
    get: staffOnly(["admin", "secretary", "chair"]),
  },
  "staff.city-level.reviews.$id.tsx": { path: (f) => `/staff/city-level/reviews/${f.cityAssignment}`, get: staffOnly(["reviewer"]) },
};

const ROUTES_DIR = path.resolve("app/routes");
const staffFiles = fs.readdirSync(ROUTES_DIR).filter((f) => /^staff(\.|_|\.tsx$)/.test(f) && /\.(tsx?|jsx?)$/.test(f));

/** The URL pattern of a flat route file name (Remix v2 conventions), to check each rule's path against it. */
function patternOf(file: string): RegExp {
  const segments = file
    .replace(/\.(tsx?|jsx?)$/, "")
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== "_index" && !/^_/.test(s))
    .map((s) => s.replace(/_$/, "").replace(/\[(.+?)\]/g, "$1"))
    .map((s) => (s.startsWith("$") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^/${segments.join("/")}$`);
}

let t: TestDb;
let app: TestApp;
let fixtures: Fixtures;
const cookies = {} as Record<Role, string>;
const previousDataDir = process.env.DATA_DIR;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  // attachments live under DATA_DIR/files/<sha256>: give this test its own
  process.env.DATA_DIR = t.dir;
  app = await createTestApp(t.db);
  const code = async (status: Status) =>
    (await t.db.selectFrom("initiatives").select("code").where("status", "=", status).orderBy("id").executeTakeFirstOrThrow()).code;
  const screening = await code("screening");
  const initiative = await t.db.selectFrom("initiatives").select("id").where("code", "=", screening).executeTakeFirstOrThrow();
  const bytes = Buffer.from("%PDF-1.4\n% test file\n");
  const { sha256 } = await putFile(t.db, t.dir, bytes);
  const file = await t.db
    .insertInto("attachments")
    .values({
      initiative_id: initiative.id,
      event_id: null,
      purpose: "submission",
      sha256,
      filename: "Bảng số liệu.pdf",
      mime: "application/pdf",
      size: bytes.length,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const reviewer = await t.db.selectFrom("users").select("id").where("email", "=", ACCOUNTS.reviewer).executeTakeFirstOrThrow();
  const own = await t.db
    .selectFrom("assignments")
    .select("id")
    .where("reviewer_id", "=", reviewer.id)
    .where("status", "=", "assigned")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  fixtures = {
    screening,
    council: await code("council"),
    recognised: await code("recognised"),
    attachment: `/staff/initiatives/${screening}/files/${file.id}`,
    ownAssignment: own.id,
    meeting: (
      await t.db.selectFrom("council_meetings").select("id").where("status", "=", "scheduled").orderBy("id").executeTakeFirstOrThrow()
    ).id,
    ...(await cityFixtures(reviewer.id)),
  };
  for (const role of ROLES) cookies[role] = await signIn(app, ACCOUNTS[role]);
});
async function cityFixtures(reviewerId: number) {
  const a = await t.db
    .selectFrom("city_assignments as a")
    .innerJoin("city_nominations as n", "n.id", "a.nomination_id")
    .innerJoin("city_rounds as r", "r.id", "n.round_id")
    .select(["a.id", "n.id as nomination", "r.year"])
    .where("a.reviewer_id", "=", reviewerId)
    .orderBy("a.id")
    .executeTakeFirstOrThrow();
  return { cityYear: a.year, cityNomination: a.nomination, cityAssignment: a.id };
}

afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  await t.cleanup();
});

describe("the staff permission matrix", () => {
  it("finds the staff routes on disk", () => {
    expect(staffFiles).toEqual(expect.arrayContaining(["staff.tsx", "staff._index.tsx", "staff.login.tsx", "staff.initiatives.$code.tsx"]));
  });

  it("has a rule for every staff route file", () => {
    const missing = staffFiles.filter((f) => !RULES[f]);
    expect(missing, `add a rule to RULES in ${path.basename(import.meta.url)} for: ${missing.join(", ")}`).toEqual([]);
  });

  for (const file of staffFiles) {
    const rule = RULES[file];
    if (!rule || rule.layout) continue;
    it(`${file}: anonymous and each role get what the matrix says`, async () => {
      const url = rule.path!(fixtures);
      expect(url.split("?")[0], "the rule's path must be this file's URL").toMatch(patternOf(file));
      const anon = await get(app, url);
      if (rule.get?.anonymous !== undefined) expect(anon.status, "anonymous").toBe(rule.get.anonymous);
      else expectLoginRedirect(anon, url);
      for (const role of ROLES) {
        const res = await get(app, url, cookies[role]);
        expect(res.status, `${role} GET ${url}`).toBe(rule.get?.[role]);
        await res.arrayBuffer();
      }

      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      if (/export (async )?function action|export const action/.test(source) && !/staff\.(login|logout|password)\./.test(file)) {
        // a post is checked like a visit: anonymous to the login page, a role without the right refused
        expectLoginRedirect(await post(app, url, undefined, {}), url);
        for (const role of ROLES) {
          if (rule.get?.[role] !== 403) continue;
          const res = await post(app, url, cookies[role], { intent: "x" });
          expect(res.status, `${role} POST ${url}`).toBe(403);
        }
      }
    });
  }

  it("serves a file as a download with its type, only through the access check", async () => {
    const res = await get(app, fixtures.attachment, cookies.secretary);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Bang so lieu.pdf"; filename\*=UTF-8''B%E1%BA%A3ng/);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.from(await res.arrayBuffer()).toString()).toContain("%PDF-1.4");
    // another initiative's code with this file's id finds nothing
    expect((await get(app, fixtures.attachment.replace(fixtures.screening, fixtures.council), cookies.secretary)).status).toBe(404);
  });

  it("shows each role only the navigation it may use", async () => {
    const html = async (role: Role) => (await get(app, "/staff/password", cookies[role])).text();
    expect(await html("admin")).toContain('href="/staff/admin/users"');
    expect(await html("secretary")).not.toContain('href="/staff/admin/users"');
    expect(await html("reviewer")).toContain('href="/staff/reviews"');
    expect(await html("chair")).not.toContain('href="/staff/reviews"');
  });
});
