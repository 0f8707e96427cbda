/**
 * Numbers that must be unique, allocated while many transactions run at once (docs/decisions/012): tracking
 * codes and certificate numbers come from a counter row taken inside the writing transaction, so concurrent
 * writers get consecutive numbers with no gap and no duplicate on both engines. On PostgreSQL the pool runs
 * the transactions truly in parallel; SQLite runs them one at a time, which the same code must also get right.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInitiative, nextTrackingCode } from "~/models/initiative/initiatives.server";
import { nextCertificateNumber, recordDecision } from "~/models/council/decisions.server";
import { saveReview } from "~/models/review/reviews.server";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, staffIds, statusOf, submission } from "./review-fixtures";

let t: TestDb;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  ids = await staffIds(t.db);
});
afterAll(() => t.cleanup());

const numberOf = (code: string) => Number(code.split("-")[2]);

function consecutive(numbers: number[]) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
}

describe("tracking codes", () => {
  it("50 concurrent submissions all succeed, with 50 distinct consecutive codes after the demo's", async () => {
    const year = new Date().getUTCFullYear();
    const first = await nextTrackingCode(t.db, year);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        createInitiative(t.db, submission({ title: `Sáng kiến đồng thời ${i}` }), [], {
          submitKey: `concurrent-${String(i).padStart(12, "0")}`,
        }),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    const codes = results.map((r) => (r as PromiseFulfilledResult<{ code: string }>).value.code);
    expect(new Set(codes).size).toBe(50);
    expect(Math.min(...codes.map(numberOf))).toBe(numberOf(first));
    expect(consecutive(codes.map(numberOf))).toBe(true);
    expect(await nextTrackingCode(t.db, year)).toBe(`SK-${year}-${String(numberOf(first) + 50).padStart(6, "0")}`);
  }, 60_000);

  it("does not use up a number when the submission's transaction fails", async () => {
    const year = new Date().getUTCFullYear();
    const before = await nextTrackingCode(t.db, year);
    // an author share the database refuses (NOT NULL): the whole submission rolls back, its number with it
    const broken = submission({ author: { ...submission().author, share: null as unknown as number } });
    await expect(createInitiative(t.db, broken, [], { submitKey: "broken-submission-0001" })).rejects.toThrow();
    expect(await nextTrackingCode(t.db, year)).toBe(before);
    const ok = await createInitiative(t.db, submission(), [], { submitKey: "after-broken-0000001" });
    expect(ok.code).toBe(before);
  });
});

describe("certificate numbers", () => {
  it("decisions recorded at the same moment get distinct consecutive certificate numbers", async () => {
    const criteria = await currentCriteria(t.db);
    const level = (await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "certificate").executeTakeFirstOrThrow())
      .id;
    const ready: { id: number; version: number }[] = [];
    for (let n = 0; n < 8; n++) {
      const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
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
      ready.push({ id: i.id, version: s.version });
    }
    const year = new Date().getUTCFullYear();
    const first = await nextCertificateNumber(t.db, year);
    const results = await Promise.allSettled(
      ready.map((i) =>
        recordDecision(t.db, {
          initiativeId: i.id,
          expectedVersion: i.version,
          actorUserId: ids.chair,
          outcome: "recognised",
          membersPresent: 9,
          votesFor: 7,
          votesAgainst: 1,
          votesAbstain: 1,
          reason: "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả rõ rệt và có thể nhân rộng ở các xã, phường.",
          commendationLevelId: level,
        }),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    const numbers = results.map((r) => (r as PromiseFulfilledResult<{ certificateNumber: string }>).value.certificateNumber);
    expect(new Set(numbers).size).toBe(ready.length);
    expect(Math.min(...numbers.map(numberOf))).toBe(numberOf(first));
    expect(consecutive(numbers.map(numberOf))).toBe(true);
  }, 120_000);
});
