/**
 * The rescue deadline kept on the case (migration 0028, decision 040): `review_due` (the earliest open review's due
 * date) and `reviewers_short` (a reviewer withdrew and fewer than two others remain) must equal what the assignments
 * say after every write that changes them, in the same transaction, so the secretary's "needs my action" view can
 * read the cases to rescue as an index range instead of probing every case in review.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareConflict } from "~/models/review/conflicts.server";
import { saveReview } from "~/models/review/reviews.server";
import { addReviewers } from "~/models/screening/screening.server";
import { bucketCounts, listNeedsAction, worklistQuery, type WorklistRow } from "~/models/screening/worklist.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, statusOf, staffIds } from "./review-fixtures";
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

/** Every case whose kept values differ from its assignments (computed here, from scratch). */
async function drift() {
  const cases = await t.db.selectFrom("initiatives").select(["id", "review_due", "reviewers_short"]).execute();
  const assignments = await t.db.selectFrom("assignments").select(["initiative_id", "status", "due_on"]).execute();
  const wrong: unknown[] = [];
  for (const c of cases) {
    const mine = assignments.filter((a) => a.initiative_id === c.id);
    const open = mine.filter((a) => a.status === "assigned").map((a) => a.due_on);
    const due = open.length ? open.sort()[0] : null;
    const short = mine.some((a) => a.status === "conflict") && mine.filter((a) => a.status !== "conflict").length < 2 ? 1 : 0;
    if (c.review_due !== due || Number(c.reviewers_short) !== short) wrong.push({ ...c, expected: { due, short } });
  }
  return wrong;
}

const secretary = () => ({ id: ids.secretary, roles: ["secretary" as const] });

async function wholeWorklist(): Promise<WorklistRow[]> {
  const rows: WorklistRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await listNeedsAction(t.db, secretary(), { cursor, pageSize: 7 });
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe("the rescue deadline kept on the case", () => {
  it("stays equal to the assignments through assigning, adding, a conflict, a review, a correction and a removal", async () => {
    const today = hanoiDate();
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    expect(await drift()).toEqual([]);
    const before = await t.db
      .selectFrom("initiatives")
      .select(["review_due", "reviewers_short"])
      .where("id", "=", i.id)
      .executeTakeFirstOrThrow();
    expect(before.review_due).not.toBeNull();
    expect(Number(before.reviewers_short)).toBe(0);

    // a reviewer withdraws: one reviewer left, the case is short
    await declareConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1, type: "other", note: "" });
    expect(await drift()).toEqual([]);
    expect(
      Number(
        (await t.db.selectFrom("initiatives").select("reviewers_short").where("id", "=", i.id).executeTakeFirstOrThrow()).reviewers_short,
      ),
    ).toBe(1);

    // the secretary adds a reviewer whose review is due earlier (set ten days ago, due three days ago): no longer
    // short, and the case's review deadline is the new one, already past
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const overdueOn = addDaysTo(today, -3);
    await addReviewers(t.db, {
      initiativeId: i.id,
      userId: ids.secretary,
      expectedVersion: (await statusOf(t.db, i.id)).version,
      reviewers: [{ reviewerId: ids.r3, dueOn: overdueOn }],
      now: tenDaysAgo,
    });
    expect(await drift()).toEqual([]);
    const added = await t.db
      .selectFrom("initiatives")
      .select(["review_due", "reviewers_short"])
      .where("id", "=", i.id)
      .executeTakeFirstOrThrow();
    expect(added).toMatchObject({ review_due: overdueOn });
    expect(Number(added.reviewers_short)).toBe(0);

    // an overdue review brings the case back to the secretary, with the review's deadline, and counts as overdue
    const listed = (await wholeWorklist()).find((r) => r.code === i.code);
    expect(listed).toMatchObject({ deadline: overdueOn, deadlineKind: "review", daysLeft: -3 });

    // the late reviewer submits: the deadline goes back to the other open review, and the case leaves the list
    const r3Assignment = (
      await t.db
        .selectFrom("assignments")
        .select("id")
        .where("initiative_id", "=", i.id)
        .where("reviewer_id", "=", ids.r3)
        .executeTakeFirstOrThrow()
    ).id;
    const criteria = await currentCriteria(t.db);
    await saveReview(t.db, {
      assignmentId: r3Assignment,
      reviewerId: ids.r3,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 7])),
      recommendation: "recognise",
      comment: "Thiết thực.",
      submit: true,
    });
    expect(await drift()).toEqual([]);
    expect((await wholeWorklist()).some((r) => r.code === i.code)).toBe(false);

    // a due date corrected in place, then an assignment removed
    await t.db
      .updateTable("assignments")
      .set({ due_on: addDaysTo(today, -1) })
      .where("id", "=", i.assignments[1])
      .execute();
    expect(await drift()).toEqual([]);
    expect((await wholeWorklist()).find((r) => r.code === i.code)).toMatchObject({ deadline: addDaysTo(today, -1) });
    await t.db.deleteFrom("assignments").where("id", "=", i.assignments[1]).execute();
    expect(await drift()).toEqual([]);
    expect(
      (await t.db.selectFrom("initiatives").select("review_due").where("id", "=", i.id).executeTakeFirstOrThrow()).review_due,
    ).toBeNull();
  });

  it("counts overdue reviews and short cases in the buckets, each case once", async () => {
    const before = await bucketCounts(t.db, secretary());
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const i = await initiativeInReview(t.db, [ids.r1]);
    await addReviewers(t.db, {
      initiativeId: i.id,
      userId: ids.secretary,
      expectedVersion: (await statusOf(t.db, i.id)).version,
      reviewers: [{ reviewerId: ids.r2, dueOn: addDaysTo(hanoiDate(), -2) }],
      now: tenDaysAgo,
    });
    // overdue and, once the other reviewer withdraws, also short: still one case
    await declareConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1, type: "other", note: "" });
    expect(await drift()).toEqual([]);
    const after = await bucketCounts(t.db, secretary());
    expect(after.overdue).toBe((before.overdue ?? 0) + 1);
    const rows = await wholeWorklist();
    expect(rows.filter((r) => r.code === i.code)).toHaveLength(1);

    // the page itself, through the handler
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const html = await (await get(app, "/staff", cookie)).text();
    expect(html).toContain('<h1 id="queue-title">Cần xử lý</h1>');
  });

  // SQLite only: it reads SQLite's EXPLAIN QUERY PLAN.
  it.skipIf(onPostgres)("reads the cases to rescue as index ranges, without probing the assignments of every case in review", async () => {
    for (const cursor of [undefined, "WyIyMDI2LTAxLTAxIiwxMF0"]) {
      const compiled = worklistQuery(t.db, secretary(), { cursor })!.compile();
      const plan = await t.db.executeQuery<{ detail: string }>({ ...compiled, sql: `EXPLAIN QUERY PLAN ${compiled.sql}` });
      const lines = plan.rows.map((r) => r.detail);
      expect(lines.filter((l) => /\bassignments\b|\ba\b USING/.test(l))).toEqual([]);
      expect(lines.join(" | ")).toMatch(
        /SEARCH initiatives USING INDEX initiatives_status_review_due \(status=\? AND review_due<\?\)|SEARCH initiatives USING INDEX initiatives_status_review_due \(status=\? AND review_due>\? AND review_due<\?\)/,
      );
      expect(lines.join(" | ")).toMatch(/initiatives_reviewers_short/);
    }
  });
});
