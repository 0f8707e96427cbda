/**
 * The queue as a worklist: "Cần xử lý" by default, the cases each role must act on (derived from the lifecycle and
 * the permissions), earliest deadline first, counts per bucket and flags per row; "All" one click away with the
 * filters collapsed and kept in the address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transition } from "~/models/initiative/lifecycle.server";
import { declareConflict } from "~/models/review/conflicts.server";
import { actionStatuses, rescueStatuses } from "~/models/screening/worklist";
import { bucketCounts, COUNT_CAP, listNeedsAction, worklistQuery } from "~/models/screening/worklist.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { initiativeInReview, staffIds } from "./review-fixtures";
import { ACCOUNTS, get, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
});
afterAll(() => t.cleanup());

const text = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const codesIn = (html: string) => [...html.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);

describe("the worklist", () => {
  it("shows the secretary the cases a secretary must act on, earliest deadline first, all of them across pages", async () => {
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const html = await text(await get(app, "/staff", cookie));
    expect(html).toContain('<h1 id="queue-title">Cần xử lý</h1>');
    expect(html).toMatch(
      /<a[^>]*aria-current="page"[^>]*href="\/staff\?view=needs"|<a[^>]*href="\/staff\?view=needs"[^>]*aria-current="page"/,
    );
    expect(html).toContain('href="/staff?view=all"');

    const mine = actionStatuses(["secretary"]);
    const today = hanoiDate();
    const rows = await t.db.selectFrom("initiatives").select(["id", "code", "status", "due_on"]).execute();
    const expected = rows.filter((r) => (mine as string[]).includes(r.status));
    const seen: string[] = [];
    let cursor: string | undefined;
    let last = "";
    do {
      const page = await listNeedsAction(t.db, { id: ids.secretary, roles: ["secretary"] }, { cursor });
      for (const r of page.rows) {
        expect(r.deadline >= last).toBe(true);
        last = r.deadline;
        if (r.status !== "in_review") expect(r.daysLeft).toBe(Math.round((Date.parse(r.dueOn) - Date.parse(today)) / 86_400_000));
      }
      seen.push(...page.rows.map((r) => r.code));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const e of expected) expect(seen).toContain(e.code);
    expect(codesIn(html)).toEqual(seen.slice(0, 25));
  });

  it("brings back a case under review when a reviewer withdrew, flagged, and shows the deadline and reply badges", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await declareConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1, type: "other", note: "" });
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const rows: { code: string; conflict: boolean }[] = [];
    let cursor: string | undefined;
    do {
      const page = await listNeedsAction(t.db, { id: ids.secretary, roles: ["secretary"] }, { cursor });
      rows.push(...page.rows);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(rows.find((r) => r.code === i.code)?.conflict).toBe(true);

    // a fresh reply, due earliest of all: top of the list, with its badges
    const created = await t.db
      .selectFrom("initiatives")
      .select(["id", "code"])
      .where("status", "=", "submitted")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (created) {
      await transition(t.db, { initiativeId: created.id, to: "screening", actor: "secretary", actorUserId: ids.secretary });
      await transition(t.db, {
        initiativeId: created.id,
        to: "needs_info",
        actor: "secretary",
        actorUserId: ids.secretary,
        message: "Bổ sung.",
      });
      await transition(t.db, { initiativeId: created.id, to: "screening", actor: "submitter", message: "Đây.", kind: "reply" });
      await t.db.updateTable("initiatives").set({ due_on: "2000-01-01" }).where("id", "=", created.id).execute();
      const html = await text(await get(app, "/staff", cookie));
      expect(codesIn(html)[0]).toBe(created.code);
      const row = /<tr data-code="[^"]+">.*?<\/tr>/s.exec(html)![0];
      expect(row).toMatch(/data-badge="deadline">Quá hạn \d+ ngày</);
      expect(row).toContain('data-badge="reply">Đã nhận bổ sung<');
      expect(html).toMatch(/data-bucket="replied">Đã bổ sung <span class="badge">[1-9]/);
    }
  });

  it("gives each role its own view: the chair the council, the reviewer their open reviews, the administrator all cases", async () => {
    const chair = await signIn(app, ACCOUNTS.chair);
    const chairPage = await listNeedsAction(t.db, { id: ids.chair, roles: ["chair"] });
    expect(chairPage.rows.every((r) => r.status === "council" || r.status === "recognised")).toBe(true);
    expect(codesIn(await text(await get(app, "/staff", chair)))).toEqual(chairPage.rows.map((r) => r.code));

    const reviewer = await signIn(app, ACCOUNTS.reviewer);
    const open = await t.db
      .selectFrom("assignments")
      .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
      .select(["assignments.id", "initiatives.code", "assignments.due_on"])
      .where("reviewer_id", "=", ids.r1)
      .where("assignments.status", "=", "assigned")
      .where("initiatives.status", "=", "in_review")
      .orderBy("assignments.due_on")
      .orderBy("initiatives.id")
      .execute();
    const rhtml = await text(await get(app, "/staff", reviewer));
    expect(codesIn(rhtml)).toEqual(open.slice(0, 25).map((o) => o.code));
    if (open.length) expect(rhtml).toContain(`href="/staff/reviews/${open[0].id}"`);
    const counts = await bucketCounts(t.db, { id: ids.r1, roles: ["reviewer"] });
    expect(counts.new).toBeNull();
    expect(counts.overdue).toBe(open.filter((o) => o.due_on < hanoiDate()).length);

    const admin = await signIn(app, ACCOUNTS.admin);
    const ahtml = await text(await get(app, "/staff", admin));
    expect(ahtml).toContain('<h1 id="queue-title">Hàng đợi hồ sơ</h1>');
  });

  it("keeps the filters collapsed, says in the summary which are in use, and keeps the view in the address", async () => {
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const all = await text(await get(app, "/staff?view=all", cookie));
    expect(all).toMatch(/<details class="queue-filters no-print">/);
    expect(all).toContain('<input type="hidden" name="view" value="all"/>');
    const filtered = await text(await get(app, "/staff?status=screening", cookie));
    const summary = /<details class="queue-filters no-print"><summary>([\s\S]*?)<\/summary>/.exec(filtered)?.[1] ?? "";
    expect(summary).toContain("Đang kiểm tra hồ sơ");
    expect(filtered).toContain('<h1 id="queue-title">Hàng đợi hồ sơ</h1>');
  });

  it("counts each bucket exactly (under the cap)", async () => {
    const today = hanoiDate();
    const counts = await bucketCounts(t.db, { id: ids.secretary, roles: ["secretary"] });
    const rows = await t.db.selectFrom("initiatives").select(["status", "due_on"]).execute();
    expect(counts.new).toBe(rows.filter((r) => r.status === "submitted").length);
    const mine = actionStatuses(["secretary"]) as string[];
    const week = rows.filter((r) => mine.includes(r.status) && r.due_on >= today && r.due_on <= addDaysTo(today, 6)).length;
    expect(counts.week).toBeGreaterThanOrEqual(week);
  });

  it("counts each bucket across its statuses exactly below the cap and stops at it, for the day asked", async () => {
    // A database of its own: a thousand more overdue cases would change the other tests' pages.
    const own = await createTestDb({ withDemo: true });
    try {
      const me = { id: (await staffIds(own.db)).secretary, roles: ["secretary"] as const };
      const mine = actionStatuses(["secretary"]) as string[];
      const rescue = rescueStatuses(["secretary"]) as string[];
      // The buckets as the page defines them, counted in JavaScript from every row.
      const expected = async (today: string) => {
        const weekEnd = addDaysTo(today, 6);
        const rows = await own.db.selectFrom("initiatives").select(["status", "due_on", "review_due", "reviewers_short"]).execute();
        let overdue = 0;
        let week = 0;
        for (const r of rows) {
          if (mine.includes(r.status)) {
            if (r.due_on < today) overdue++;
            else if (r.due_on <= weekEnd) week++;
          } else if (rescue.includes(r.status)) {
            const reviewLate = r.review_due !== null && r.review_due < today;
            const key = r.review_due ?? r.due_on;
            if (reviewLate || (r.reviewers_short === 1 && key < today)) overdue++;
            else if (r.reviewers_short === 1 && key >= today && key <= weekEnd) week++;
          }
        }
        return { overdue: Math.min(COUNT_CAP, overdue), week: Math.min(COUNT_CAP, week), exactOverdue: overdue };
      };
      // Two days far apart, asked one after the other: the statements are kept per shape, the day is not.
      const days = [new Date(), new Date(Date.now() + 400 * 86_400_000)];
      for (const now of days) {
        const got = await bucketCounts(own.db, me, now);
        const want = await expected(hanoiDate(now));
        expect({ overdue: got.overdue, week: got.week }).toEqual({ overdue: want.overdue, week: want.week });
        // and the page's rows are those of its query built afresh for that day
        const page = await listNeedsAction(own.db, me, { now });
        const fresh = (await worklistQuery(own.db, me, { now })!.execute()) as { id: number }[];
        expect(page.rows.map((r) => r.id)).toEqual(fresh.slice(0, 25).map((r) => r.id));
      }
      expect((await expected(hanoiDate(days[1]))).exactOverdue).toBeGreaterThan((await expected(hanoiDate(days[0]))).exactOverdue);

      // 600 overdue cases in each of two statuses: each part under the cap, the bucket past it.
      const model = await own.db.selectFrom("initiatives").selectAll().where("status", "=", "submitted").executeTakeFirstOrThrow();
      const { id: _id, ...columns } = model;
      void _id;
      const copies = Array.from({ length: 1200 }, (_, i) => ({
        ...columns,
        code: `SK-CAP-${String(i).padStart(6, "0")}`,
        submit_key: `count-cap-${i}`,
        status: i < 600 ? ("submitted" as const) : ("screening" as const),
        due_on: "2001-01-01",
      }));
      for (let i = 0; i < copies.length; i += 100)
        await own.db
          .insertInto("initiatives")
          .values(copies.slice(i, i + 100))
          .execute();
      const want = await expected(hanoiDate());
      expect(want.exactOverdue).toBeGreaterThan(COUNT_CAP + 100);
      const got = await bucketCounts(own.db, me);
      expect(got.overdue).toBe(COUNT_CAP);
      expect(got.week).toBe(want.week);
    } finally {
      await own.cleanup();
    }
  });

  // SQLite only: it reads SQLite's EXPLAIN QUERY PLAN (PostgreSQL's is checked on the bench's big tables).
  it.skipIf(onPostgres)("reads each status branch along the (status, due_on, id) index, first page and keyset pages alike", async () => {
    for (const cursor of [undefined, "WyIyMDI2LTAxLTAxIiwxMF0"]) {
      const q = worklistQuery(t.db, { id: ids.secretary, roles: ["secretary"] }, { cursor })!;
      const compiled = q.compile();
      expect(compiled.sql.toLowerCase()).not.toContain("offset");
      const plan = await t.db.executeQuery<{ detail: string }>({ ...compiled, sql: `EXPLAIN QUERY PLAN ${compiled.sql}` });
      const lines = plan.rows.map((r) => r.detail);
      expect(lines.filter((l) => /initiatives/.test(l) && /SCAN/.test(l) && !/INDEX/.test(l))).toEqual([]);
      // the plain status branches come in index order; only the rescue branch (few rows) sorts its own key
      expect(lines.join(" | ")).toMatch(/SEARCH initiatives USING INDEX initiatives_status_due/);
    }
  });
});
