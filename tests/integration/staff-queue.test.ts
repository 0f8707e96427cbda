import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpen, STATUSES } from "~/models/initiative/lifecycle";
import { listQueue, parseQueueParams, queueQuery, statusCounts, todayInHanoi, type QueueFilters } from "~/models/screening/queue.server";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, get, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;
let secretary: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  secretary = await signIn(app, ACCOUNTS.secretary);
});
afterAll(() => t.cleanup());

/** React's text separators out, so assertions read like the page. */
const text = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const codesIn = (html: string) => [...html.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);
const filters = (qs: string): QueueFilters => parseQueueParams(new URLSearchParams(qs)).filters;
const all = () => t.db.selectFrom("initiatives").selectAll().execute();

describe("the work queue", () => {
  it("shows counts per status from the counts table, equal to the real counts", async () => {
    const html = await text(await get(app, "/staff?view=all", secretary));
    const rows = await all();
    for (const s of STATUSES) {
      const n = rows.filter((r) => r.status === s).length;
      expect(html).toMatch(new RegExp(`data-status="${s}"[^>]*>[^<]+<span class="badge">${n}</span>`));
    }
    const counts = await statusCounts(t.db, { id: 0, seeAll: true });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(rows.length);
  });

  it("filters by status, area, domain, unit and dates, keeping them in the URL", async () => {
    const rows = await all();
    const check = async (qs: string, pred: (r: (typeof rows)[number]) => boolean) => {
      const res = await get(app, `/staff?${qs}`, secretary);
      expect(res.status).toBe(200);
      const html = await text(res);
      const expected = rows
        .filter(pred)
        .sort((a, b) => (a.submitted_at < b.submitted_at ? 1 : -1))
        .map((r) => r.code);
      expect(codesIn(html), qs).toEqual(expected.slice(0, 25));
      return html;
    };
    const html = await check("status=screening", (r) => r.status === "screening");
    expect(html).toMatch(/<option value="screening" selected/);
    await check("area=procedures", (r) => r.reform_area === "procedures");
    await check("domain=land", (r) => r.procedure_domain === "land");
    const unit = rows.find((r) => r.unit_id)!.unit_id!;
    await check(`unit=${unit}`, (r) => r.unit_id === unit);
    const mid = rows
      .map((r) => r.submitted_at)
      .sort()[10]
      .slice(0, 10);
    const end = rows
      .map((r) => r.submitted_at)
      .sort()[20]
      .slice(0, 10);
    const from = new Date(`${mid}T00:00:00+07:00`).toISOString();
    const to = new Date(new Date(`${end}T00:00:00+07:00`).getTime() + 86_400_000).toISOString();
    await check(`from=${mid}&to=${end}`, (r) => r.submitted_at >= from && r.submitted_at < to);
    await check("status=screening&area=digital_government", (r) => r.status === "screening" && r.reform_area === "digital_government");
  });

  it("searches without diacritics and by tracking code", async () => {
    const folded = await text(await get(app, "/staff?q=" + encodeURIComponent("chung thuc ban sao"), secretary));
    const rows = await all();
    const expected = rows.filter((r) => r.title.startsWith("Chứng thực bản sao")).map((r) => r.code);
    expect(expected.length).toBeGreaterThan(0);
    expect(codesIn(folded).sort()).toEqual(expected.sort());
    const withMarks = await text(await get(app, "/staff?q=" + encodeURIComponent("Chứng THỰC bản sao"), secretary));
    expect(codesIn(withMarks).sort()).toEqual(expected.sort());
    const byCode = await text(await get(app, `/staff?q=${rows[3].code.toLowerCase()}`, secretary));
    expect(codesIn(byCode)).toEqual([rows[3].code]);
    // LIKE wildcards are text, not patterns
    expect(codesIn(await text(await get(app, "/staff?q=_x%25_", secretary)))).toEqual([]);
  });

  it("marks open initiatives past their statutory due date and filters them", async () => {
    const today = todayInHanoi();
    const rows = await all();
    const overdue = rows.filter((r) => isOpen(r.status) && r.due_on < today);
    expect(overdue.length).toBeGreaterThan(0);
    const html = await text(await get(app, "/staff?overdue=1", secretary));
    // most overdue first by default
    const expected = [...overdue].sort((a, b) => (a.due_on === b.due_on ? a.id - b.id : a.due_on < b.due_on ? -1 : 1)).map((r) => r.code);
    expect(codesIn(html)).toEqual(expected.slice(0, 25));
    expect(html).toMatch(/<td class="overdue">\d\d\/\d\d\/\d{4} \(quá hạn\)<\/td>/);
    // newest first works too, through the per-status union
    const newest = await text(await get(app, "/staff?overdue=1&sort=newest", secretary));
    expect(codesIn(newest)).toEqual(
      [...overdue]
        .sort((a, b) => (a.submitted_at < b.submitted_at ? 1 : -1))
        .map((r) => r.code)
        .slice(0, 25),
    );
    // a closed one is never red, even past its date
    const closed = rows.find((r) => r.status === "published")!;
    await t.db.updateTable("initiatives").set({ due_on: "2020-01-01" }).where("id", "=", closed.id).execute();
    const pub = await text(await get(app, `/staff?q=${closed.code}`, secretary));
    expect(pub).not.toContain('class="overdue"');
    expect(codesIn(await text(await get(app, "/staff?overdue=1&status=published", secretary)))).toEqual([]);
  });

  it("pages with a keyset cursor, in every order, without gaps or repeats", async () => {
    // ties on the sort key must not lose rows between pages
    const ids = (await t.db.selectFrom("initiatives").select("id").orderBy("id").limit(6).execute()).map((r) => r.id);
    await t.db
      .updateTable("initiatives")
      .set({ submitted_at: "2026-01-01T00:00:00.000Z", due_on: "2026-04-01" })
      .where("id", "in", ids)
      .execute();
    const total = (await all()).length;
    for (const sort of ["newest", "oldest", "due"]) {
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listQueue(t.db, { id: 0, seeAll: true }, { ...filters(`sort=${sort}`), cursor }, { pageSize: 4 });
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 100);
      expect(new Set(seen).size, sort).toBe(total);
      expect(seen.length, sort).toBe(total);
    }
    // through HTTP: the next link carries the filters and the cursor
    const first = await text(await get(app, "/staff?area=procedures", secretary));
    const countProc = (await all()).filter((r) => r.reform_area === "procedures").length;
    if (countProc > 25) expect(first).toMatch(/rel="next"/);
    const html = await text(await get(app, "/staff?view=all", secretary));
    const link = /<a [^>]*rel="next"[^>]*>/.exec(html)?.[0] ?? "";
    const next = /href="([^"]+)"/.exec(link)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toMatch(/cursor=/);
    const second = await text(await get(app, next!, secretary));
    const a = codesIn(html);
    const b = codesIn(second);
    expect(a).toHaveLength(25);
    expect(b.length).toBe(total - 25);
    expect(a.filter((c) => b.includes(c))).toEqual([]);
    // a mangled cursor is the first page, not an error
    expect(codesIn(await text(await get(app, "/staff?view=all&cursor=%%%garbage", secretary)))).toEqual(a);
  });

  // SQLite only: it reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL's planner rightly scans a demo-sized table, so its
  // index use is checked on big tables (tests/integration/search-parity.test.ts, the benchmark).
  it.skipIf(onPostgres)("reads each page with one statement, no OFFSET, along an index", async () => {
    const viewer = { id: 1, seeAll: true };
    for (const qs of [
      "",
      "status=screening",
      "area=procedures",
      "domain=land",
      "unit=5",
      "sort=due",
      "sort=oldest",
      "status=council&sort=due",
      "overdue=1",
    ]) {
      const q = queueQuery(t.db, viewer, { ...filters(qs), cursor: "WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLDEwXQ" })!;
      const compiled = q.compile();
      expect(compiled.sql.toLowerCase()).not.toContain("offset");
      const plan = await t.db.executeQuery<{ detail: string }>({ ...compiled, sql: `EXPLAIN QUERY PLAN ${compiled.sql}` });
      const text = plan.rows.map((r) => r.detail).join(" | ");
      expect(text, qs).toMatch(/USING (COVERING )?INDEX initiatives_/);
      if (qs !== "overdue=1") expect(text, qs).not.toContain("TEMP B-TREE");
    }
  });

  it("shows a reviewer only what is assigned to them, without conflicts", async () => {
    const reviewer = await signIn(app, ACCOUNTS.reviewer);
    const me = await t.db.selectFrom("users").select("id").where("email", "=", ACCOUNTS.reviewer).executeTakeFirstOrThrow();
    const assigned = await t.db
      .selectFrom("assignments")
      .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
      .select(["initiatives.code", "assignments.id"])
      .where("reviewer_id", "=", me.id)
      .where("assignments.status", "!=", "conflict")
      .execute();
    expect(assigned.length).toBeGreaterThan(1);
    const html = await text(await get(app, "/staff?view=all", reviewer));
    expect(html).toContain("Hồ sơ được giao cho tôi");
    expect(codesIn(html).sort()).toEqual([...new Set(assigned.map((a) => a.code))].sort());
    // counts are theirs too
    expect(html).toMatch(new RegExp(`Tất cả trạng thái <span class="badge">${new Set(assigned.map((a) => a.code)).size}</span>`));
    await t.db.updateTable("assignments").set({ status: "conflict" }).where("id", "=", assigned[0].id).execute();
    const after = codesIn(await text(await get(app, "/staff?view=all", reviewer)));
    expect(after).not.toContain(assigned[0].code);
    // the "assigned to me" filter of someone who sees everything
    const secAssigned = codesIn(await text(await get(app, "/staff?mine=1", secretary)));
    expect(secAssigned).toEqual([]);
  });

  it("ignores an invalid filter with a notice instead of failing", async () => {
    const res = await get(app, "/staff?status=nonsense&from=2026-13-45&unit=abc", secretary);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("Bộ lọc không hợp lệ, đã bỏ qua.");
    expect(codesIn(html)).toHaveLength(25);
  });
});
