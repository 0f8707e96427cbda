/**
 * Both reviewers send their last review at the same instant, each through a database handle of its own (two
 * connections, as two workers or two app instances have): on every engine, every such initiative reaches the
 * council. On PostgreSQL each transaction counted the other's review as still open (READ COMMITTED) and the
 * initiative stayed in review; on SQLite a deferred transaction failed with SQLITE_BUSY.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { saveReview } from "~/models/review/reviews.server";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, staffIds, statusOf } from "./review-fixtures";

let t: TestDb;
let other: DB;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  other = createDb(t.url);
  ids = await staffIds(t.db);
});
afterAll(async () => {
  await other.destroy();
  await t.cleanup();
});

describe("the last two reviews at the same instant", () => {
  it("move the initiative to the council, 12 times out of 12", async () => {
    const criteria = await currentCriteria(t.db);
    const scores = Object.fromEntries(criteria.map((c) => [c.id, 8]));
    const cases = [];
    for (let k = 0; k < 12; k++) cases.push(await initiativeInReview(t.db, [ids.r1, ids.r2]));
    const outcomes = [];
    for (const c of cases) {
      const both = await Promise.allSettled(
        [t.db, other].map((db, r) =>
          saveReview(db, {
            assignmentId: c.assignments[r],
            reviewerId: [ids.r1, ids.r2][r],
            scores,
            recommendation: "recognise",
            comment: "Đáp ứng đầy đủ tiêu chí.",
            submit: true,
          }),
        ),
      );
      const failed = both.filter((b) => b.status === "rejected").map((b) => String((b as PromiseRejectedResult).reason));
      expect(failed).toEqual([]);
      // exactly one of the two saw the other's review and made the move
      const moved = both.map((b) => (b as PromiseFulfilledResult<{ movedToCouncil: boolean }>).value.movedToCouncil);
      outcomes.push(moved.filter(Boolean).length);
    }
    expect(outcomes).toEqual(cases.map(() => 1));
    const ended = await Promise.all(cases.map(async (c) => (await statusOf(t.db, c.id)).status));
    expect(ended).toEqual(cases.map(() => "council"));
  }, 60_000);
});
