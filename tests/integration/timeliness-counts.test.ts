/**
 * The on-time figures come from maintained counters (migration 0029, decision 037 "Counted, not recomputed"), not
 * from every `service_times` row. A seeded random mix of cases goes through the app's own lifecycle (received, started
 * on time or late, asked for information, rejected, withdrawn at every stage, decided on time or late, left open);
 * at several points, and for days before, on and after the targets, `getTimeliness` must equal the reference
 * `timelinessFigures` over every row. The counters kept step by step must equal a rebuild and the migration's backfill.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDaysTo } from "~/utils/clock";
import { seededRandom } from "../setup/random";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import * as m0029 from "../../db/migrations/0029_timeliness_counts";
import { getTimeliness } from "~/models/public/timeliness.server";
import { rebuildTimelinessCounts } from "~/models/service-targets/targets.server";
import { publicRatingFigures, submitRating } from "~/models/service-targets/ratings.server";
import { ratingDistribution, timelinessFigures, type ServiceTime } from "~/models/service-targets/targets";
import type { Status } from "~/domain/vocabulary";
import { createTestDb, type TestDb } from "../setup/db";
import { at, moves, receivedOn } from "./timeliness-fixtures";

let t: TestDb;
type Place = Parameters<typeof receivedOn>[2];
let places: Place[] = [];

const rnd = seededRandom(20261130);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** A random path through the lifecycle from `start`, each step a few days after the one before. */
function path(start: string): [Status, string][] {
  let day = start;
  const step = (lo: number, hi: number) => (day = addDaysTo(day, int(lo, hi)));
  const steps: [Status, string][] = [];
  const kind = pick(["open", "withdrawn_early", "started", "info", "rejected", "review", "decided", "decided", "decided"] as const);
  if (kind === "open") return steps;
  if (kind === "withdrawn_early") return [["withdrawn", step(0, 8)]];
  steps.push(["screening", step(0, 9)]);
  if (kind === "started") return rnd() < 0.5 ? steps : [...steps, ["withdrawn", step(1, 20)]];
  if (kind === "info") {
    steps.push(["needs_info", step(1, 5)]);
    const end = pick(["wait", "rejected", "withdrawn", "back"] as const);
    if (end === "wait") return steps;
    if (end === "back") return [...steps, ["screening", step(1, 12)], ["in_review", step(1, 6)]];
    return [...steps, [end, step(1, 15)]];
  }
  if (kind === "rejected") return [...steps, ["rejected", step(1, 10)]];
  steps.push(["in_review", step(1, 10)]);
  if (kind === "review") return rnd() < 0.5 ? steps : [...steps, ["withdrawn", step(1, 30)]];
  steps.push(["council", step(3, 40)]);
  if (rnd() < 0.15) return [...steps, ["withdrawn", step(1, 10)]];
  if (rnd() < 0.2) return steps;
  // Some decided well after the three months.
  return [...steps, [pick(["recognised", "recognised", "not_recognised"] as const), step(1, rnd() < 0.3 ? 120 : 40)]];
}

async function allRows(db: Kysely<Database>): Promise<ServiceTime[]> {
  return db.selectFrom("service_times").selectAll().orderBy("initiative_id").execute();
}

/** getTimeliness against the reference over every row, on each day. */
async function expectSameFigures(db: Kysely<Database>, days: readonly string[]) {
  const rows = await allRows(db);
  for (const day of days) {
    const { asOf, screeningStartDays: _s, ratings: _r, byPlace, ...rest } = await getTimeliness(db, at(day));
    expect(asOf).toBe(day);
    const got = { ...rest, byPlace: byPlace.map(({ kind: _k, label: _l, ...p }) => p) };
    expect(got, `figures on ${day}`).toEqual(timelinessFigures(rows, day));
  }
}

async function counters(db: Kysely<Database>) {
  const tallies = await db.selectFrom("timeliness_tallies").selectAll().orderBy("measure").orderBy("on_date").orderBy("place").execute();
  const stages = await db.selectFrom("stage_days").selectAll().orderBy("stage").orderBy("days").execute();
  return { tallies: tallies.map((r) => ({ ...r, n: Number(r.n) })), stages: stages.map((r) => ({ ...r, n: Number(r.n) })) };
}

/** Days around the cases' targets: before, on and after each kind of date, and a few far ones. */
async function probeDays(db: Kysely<Database>): Promise<string[]> {
  const rows = await allRows(db);
  const days = new Set(["2025-12-31", "2026-03-15", "2026-06-30", "2027-06-01"]);
  for (const r of rows.filter((_, i) => i % 4 === 0)) {
    for (const d of [r.ack_target_on, r.due_on]) {
      days.add(d);
      days.add(addDaysTo(d, 1));
    }
  }
  return [...days].sort();
}

const CASES = 48;
const ids: { id: number; steps: [Status, string][] }[] = [];

beforeAll(async () => {
  t = await createTestDb();
  const agencies = await t.db.selectFrom("agencies").select("id").orderBy("id").limit(3).execute();
  const units = await t.db.selectFrom("units").select("id").orderBy("id").limit(2).execute();
  places = [
    { scopeType: "city" },
    ...agencies.map((a) => ({ scopeType: "agency" as const, agencyId: a.id })),
    ...units.map((u) => ({ scopeType: "unit" as const, unitId: u.id })),
  ];
}, 120_000);
afterAll(() => t.cleanup());

describe("the on-time counters", () => {
  it("give the reference figures while cases are received and moved, on days before and after their targets", async () => {
    // Received first, then moved half-way, then to the end: the counters go through every kind of change.
    for (let n = 0; n < CASES; n++) {
      const start = addDaysTo("2026-01-05", int(0, 200));
      const id = await receivedOn(t.db, start, pick(places));
      ids.push({ id, steps: path(start) });
    }
    await expectSameFigures(t.db, await probeDays(t.db));
    for (const c of ids) await moves(t.db, c.id, c.steps.slice(0, Math.ceil(c.steps.length / 2)));
    await expectSameFigures(t.db, await probeDays(t.db));
    for (const c of ids) await moves(t.db, c.id, c.steps.slice(Math.ceil(c.steps.length / 2)));
    const days = await probeDays(t.db);
    expect(days.length).toBeGreaterThan(20);
    await expectSameFigures(t.db, days);

    // The mix really holds every kind of case the counters distinguish.
    const today = "2026-08-01";
    const rows = await allRows(t.db);
    const kinds = new Set(
      rows.map((r) =>
        [r.acknowledged_on ? "started" : r.closed_on ? "closed" : "open", r.decided_on ? "decided" : (r.outcome ?? "open")].join("/"),
      ),
    );
    for (const k of ["started/decided", "started/rejected", "started/withdrawn", "closed/withdrawn", "open/open", "started/open"])
      expect(kinds, k).toContain(k);
    expect(rows.some((r) => r.decided_on && r.decided_on > r.due_on)).toBe(true);
    expect(rows.some((r) => r.acknowledged_on && r.acknowledged_on > r.ack_target_on)).toBe(true);
    expect(rows.some((r) => !r.acknowledged_on && !r.closed_on && r.ack_target_on < today)).toBe(true);
  }, 300_000);

  it("are the same kept step by step, rebuilt from the rows, and backfilled by the migration", async () => {
    const kept = await counters(t.db);
    expect(kept.tallies.length).toBeGreaterThan(10);
    expect(kept.tallies.every((r) => r.n > 0) && kept.stages.every((r) => r.n > 0)).toBe(true);
    await rebuildTimelinessCounts(t.db);
    expect(await counters(t.db)).toEqual(kept);
    await m0029.down(t.db);
    await m0029.up(t.db);
    expect(await counters(t.db)).toEqual(kept);
    await expectSameFigures(t.db, ["2026-05-01", "2026-09-01"]);
  });

  it("count the ratings per aspect and score as the reference over every rating", async () => {
    const ratable = await t.db
      .selectFrom("initiatives")
      .select("id")
      .where("status", "in", ["recognised", "not_recognised", "rejected"])
      .orderBy("id")
      .execute();
    expect(ratable.length).toBeGreaterThan(3);
    for (const { id } of ratable)
      await submitRating(t.db, id, { clarity: int(1, 5), timeliness: int(1, 5), courtesy: int(1, 5), comment: "" }, at("2026-10-01"));
    const all = await t.db.selectFrom("ratings").select(["clarity", "timeliness", "courtesy"]).execute();
    expect(await publicRatingFigures(t.db)).toEqual(ratingDistribution(all));
    expect((await getTimeliness(t.db)).ratings.count).toBe(ratable.length);
  });
});
