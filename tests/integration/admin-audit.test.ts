/**
 * The audit log page: filters by action, actor and date range, keyset pages, and a CSV export of
 * exactly the filtered rows (parsed back with a real CSV parser's rules: quotes, commas, new lines).
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "~/models/audit/audit.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn, staffIds } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let admin: string;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
  ids = await staffIds(t.db);
  await t.db.deleteFrom("audit_log").execute();
  const at = (d: string) => new Date(`${d}T10:00:00Z`);
  await audit(t.db, {
    actorUserId: ids.secretary,
    action: "assignment.create",
    targetType: "assignment",
    targetId: 1,
    details: { note: 'a "quoted", comma\nand a new line' },
    now: at("2030-01-05"),
  });
  await audit(t.db, {
    actorUserId: ids.chair,
    action: "decision.record",
    targetType: "initiative",
    targetId: 7,
    details: { outcome: "recognised" },
    now: at("2030-01-10"),
  });
  await audit(t.db, {
    actorUserId: null,
    action: "initiative.status",
    targetType: "initiative",
    targetId: 7,
    details: { to: "council" },
    now: at("2030-01-09"),
  });
  await audit(t.db, {
    actorUserId: ids.r1,
    action: "review.conflict",
    targetType: "assignment",
    targetId: 2,
    details: { type: "other" },
    now: at("2030-02-01"),
  });
  const odd = await t.db
    .insertInto("users")
    .values({
      email: "odd@example.org",
      name: '=HYPERLINK("http://evil")',
      password_hash: "x",
      created_at: "2030-01-01T00:00:00Z",
      updated_at: "2030-01-01T00:00:00Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(t.db, { actorUserId: odd.id, action: "user.create", targetType: "user", targetId: 99, details: {}, now: at("2030-02-03") });
  // enough rows of one kind for a second page
  for (let k = 0; k < 60; k++) {
    await audit(t.db, {
      actorUserId: ids.secretary,
      action: "initiative.status",
      targetType: "initiative",
      targetId: 100 + k,
      details: {},
      now: at("2030-03-01"),
    });
  }
});
afterAll(() => t.cleanup());

const page = async (query: string) => (await app.fetch(`/staff/admin/audit${query}`, { headers: { Cookie: admin } })).text();

/** RFC 4180 rows, read by a real CSV parser: quotes, commas, new lines. */
const parseCsv = (text: string) => parse(text, { bom: true }) as string[][];

describe("audit log", () => {
  it("filters by action, actor and dates", async () => {
    const byAction = await page("?action=decision.record");
    expect(byAction).toContain("initiative #7");
    expect(byAction).not.toContain("assignment #1");
    const byActor = await page(`?actor=${ids.r1}`);
    expect(byActor).toContain("review.conflict</code>");
    expect(byActor).not.toContain("decision.record</code>");
    const system = await page("?actor=system");
    expect(system).toContain("&quot;to&quot;:&quot;council&quot;");
    expect(system).not.toContain("review.conflict</code>");
    const january = await page("?from=2030-01-06&to=2030-01-10");
    expect(january).toContain("decision.record</code>");
    expect(january).toContain("&quot;to&quot;:&quot;council&quot;");
    expect(january).not.toContain("assignment.create</code>");
    expect(january).not.toContain("review.conflict</code>");
    // nonsense filters are ignored, not errors
    expect(
      (await app.fetch("/staff/admin/audit?from=2030-13-45&actor=abc&action=DROP%20TABLE", { headers: { Cookie: admin } })).status,
    ).toBe(200);
  });

  it("pages by id and exports exactly the filtered rows as CSV", async () => {
    const first = await page("?action=initiative.status");
    const next = /href="(\/staff\/admin\/audit\?action=initiative.status&amp;before=\d+)"/.exec(first);
    expect(next).not.toBeNull();
    const second = await page(next![1].replace("/staff/admin/audit", "").replace(/&amp;/g, "&"));
    expect(second).toContain("initiative #100");
    expect(first).not.toContain("initiative #100<");

    const res = await app.fetch("/staff/admin/audit.csv?from=2030-01-01&to=2030-02-28", { headers: { Cookie: admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // a UTF-8 byte order mark, so spreadsheet programs read Vietnamese correctly
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows[0]).toEqual(["id", "at", "actor_user_id", "actor_name", "actor_email", "action", "target_type", "target_id", "details"]);
    const body = rows.slice(1);
    expect(body.map((r) => r[5])).toEqual(["assignment.create", "decision.record", "initiative.status", "review.conflict", "user.create"]);
    expect(JSON.parse(body[0][8])).toEqual({ note: 'a "quoted", comma\nand a new line' });
    expect(body[0][3]).toBe("Nguyễn Thị Thư Ký");
    expect(body[2][2]).toBe("");
    // a value a spreadsheet would run as a formula is neutralised
    expect(body[4][3]).toBe(`'=HYPERLINK("http://evil")`);

    const all = parseCsv(await (await app.fetch("/staff/admin/audit.csv", { headers: { Cookie: admin } })).text());
    expect(all.length - 1).toBe(65);
  });

  it("reads the date filter as Hà Nội days: the day turns at 17:00 UTC", async () => {
    await audit(t.db, {
      actorUserId: ids.admin,
      action: "user.roles",
      targetType: "user",
      targetId: 501,
      now: new Date("2030-04-01T16:59:59Z"),
    });
    await audit(t.db, {
      actorUserId: ids.admin,
      action: "user.roles",
      targetType: "user",
      targetId: 502,
      now: new Date("2030-04-01T17:00:00Z"),
    });
    const first = await page("?action=user.roles&from=2030-04-01&to=2030-04-01");
    expect(first).toContain("user #501<");
    expect(first).not.toContain("user #502<");
    const second = await page("?action=user.roles&from=2030-04-02&to=2030-04-02");
    expect(second).toContain("user #502<");
    expect(second).not.toContain("user #501<");
  });

  it("writes no cell a spreadsheet would run as a formula, and parses back to the stored text", async () => {
    const hostile = ['=HYPERLINK("http://evil","x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "＝1+1", "- một gạch đầu dòng"];
    const at = "2031-05-05T03:00:00.000Z";
    for (const [k, text] of hostile.entries()) {
      const user = await t.db
        .insertInto("users")
        .values({ email: `hostile${k}@example.org`, name: text, password_hash: "x", created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("audit_log")
        .values({ at, actor_user_id: user.id, action: text, target_type: text, target_id: text, details: JSON.stringify({ text }) })
        .execute();
    }
    const res = await app.fetch("/staff/admin/audit.csv?from=2031-05-05&to=2031-05-05", { headers: { Cookie: admin } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(new TextDecoder().decode(bytes), { columns: true, bom: true });
    expect(rows).toHaveLength(hostile.length);
    for (const [k, text] of hostile.entries()) {
      const r = rows[k];
      // Every text cell that a spreadsheet would evaluate starts with an apostrophe, and is otherwise intact.
      for (const column of ["actor_name", "action", "target_type", "target_id"])
        expect(r[column], `${column} of ${JSON.stringify(text)}`).toBe(`'${text}`);
      expect(r.actor_email).toBe(`hostile${k}@example.org`);
      expect(JSON.parse(r.details)).toEqual({ text });
    }
  });
});
