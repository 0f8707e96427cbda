/**
 * The on-time figures (docs/decisions/037-service-targets-and-ratings.md) against a fixture counted by hand, from the
 * model and through /statistics and the open data; and the page cache's key, which must change with the Hà Nội date.
 *
 * The fixture (10:00 Hà Nội each day; screening must start within 3 working days; decision within 3 months):
 *   1 agency A  received Mon 2 Mar 2026, screening Wed 4 Mar (target Thu 5: on time), review 9 Mar, council 16 Mar,
 *               recognised 6 Apr (due 2 Jun: on time)
 *   2 agency A  received Fri 6 Mar, screening Thu 12 Mar (target Wed 11: late), review 13 Mar, council 20 Mar,
 *               not recognised 15 Jun (due 6 Jun: late)
 *   3 agency B  received Mon 2 Mar, screening Tue 3 Mar (on time), rejected 5 Mar (no decision to measure)
 *   4 agency B  received Mon 1 Jun, never screened: late to start (target 4 Jun), late to decide (due 1 Sep)
 *   5 unit U    received Mon 2 Mar, withdrawn Tue 3 Mar before its target: measured neither way
 *   6 unit U    received Tue 3 Mar, screening Thu 5 Mar (target Fri 6: on time), review 10 Mar, council 17 Mar,
 *               recognised 31 Mar (on time)
 * So: started on time 3 of 5 (1, 3, 6 of 1, 2, 3, 4, 6), decided on time 2 of 4 (1, 6 of 1, 2, 4, 6); U 2/2 ranks 1, A 2/4 ranks 2, B 1/3 ranks 3.
 * Median calendar days (the lower median): to start [1, 2, 2, 6] → 2; screening [1, 5, 5] → 5; review [7, 7, 7] → 7;
 * council [14, 21, 87] → 21.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/timeliness";
import { getTimeliness } from "~/models/public/timeliness.server";
import { rebuildTimelinessCounts } from "~/models/service-targets/targets.server";
import { isCacheablePath, pageKey } from "~/utils/page-cache.server";
import { hanoiDate } from "~/utils/clock";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { moves, receivedOn } from "./timeliness-fixtures";

let t: TestDb;
let app: TestApp;
let A: number;
let B: number;
let U: number;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestDb();
  app = await createTestApp(t.db);
  const agencies = await t.db.selectFrom("agencies").select("id").orderBy("id").limit(2).execute();
  A = agencies[0].id;
  B = agencies[1].id;
  U = (await t.db.selectFrom("units").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow()).id;
  const inA = { scopeType: "agency" as const, agencyId: A };
  const inB = { scopeType: "agency" as const, agencyId: B };
  const inU = { scopeType: "unit" as const, unitId: U };
  ids.push(await receivedOn(t.db, "2026-03-02", inA));
  await moves(t.db, ids[0], [
    ["screening", "2026-03-04"],
    ["in_review", "2026-03-09"],
    ["council", "2026-03-16"],
    ["recognised", "2026-04-06"],
  ]);
  ids.push(await receivedOn(t.db, "2026-03-06", inA));
  await moves(t.db, ids[1], [
    ["screening", "2026-03-12"],
    ["in_review", "2026-03-13"],
    ["council", "2026-03-20"],
    ["not_recognised", "2026-06-15"],
  ]);
  ids.push(await receivedOn(t.db, "2026-03-02", inB));
  await moves(t.db, ids[2], [
    ["screening", "2026-03-03"],
    ["rejected", "2026-03-05"],
  ]);
  ids.push(await receivedOn(t.db, "2026-06-01", inB));
  ids.push(await receivedOn(t.db, "2026-03-02", inU));
  await moves(t.db, ids[4], [["withdrawn", "2026-03-03"]]);
  ids.push(await receivedOn(t.db, "2026-03-03", inU));
  await moves(t.db, ids[5], [
    ["screening", "2026-03-05"],
    ["in_review", "2026-03-10"],
    ["council", "2026-03-17"],
    ["recognised", "2026-03-31"],
  ]);
});
afterAll(() => t.cleanup());

describe("the on-time figures", () => {
  it("match the hand count", async () => {
    const f = await getTimeliness(t.db);
    expect(f.acknowledged).toEqual({ measured: 5, onTime: 3, rate: 3 / 5 });
    expect(f.decided).toEqual({ measured: 4, onTime: 2, rate: 2 / 4 });
    expect(f.byPlace.map((p) => [p.key, p.rank, p.combined.onTime, p.combined.measured])).toEqual([
      [`unit:${U}`, 1, 2, 2],
      [`agency:${A}`, 2, 2, 4],
      [`agency:${B}`, 3, 1, 3],
    ]);
    const b = f.byPlace.find((p) => p.key === `agency:${B}`)!;
    expect([b.acknowledged.onTime, b.acknowledged.measured, b.decided.onTime, b.decided.measured]).toEqual([1, 2, 0, 1]);
    expect(f.medianDays).toEqual({ screening_start: 2, screening: 5, review: 7, council: 21 });
    expect(f.stageCounts).toEqual({ screening_start: 4, screening: 3, review: 3, council: 3 });
  });

  it("count a case still waiting within its target neither way, and as late from the day after", async () => {
    const waiting = await receivedOn(t.db, "2026-12-01");
    // Received Tuesday 1 December 2026: screening must start by Friday 4 December.
    expect((await getTimeliness(t.db, new Date("2026-12-04T10:00:00Z"))).acknowledged).toEqual({ measured: 5, onTime: 3, rate: 3 / 5 });
    expect((await getTimeliness(t.db, new Date("2026-12-05T10:00:00Z"))).acknowledged).toEqual({ measured: 6, onTime: 3, rate: 3 / 6 });
    // The app never deletes a case; this test does, past the counters, so it recounts them as a repair would.
    await t.db.deleteFrom("initiatives").where("id", "=", waiting).execute();
    await rebuildTimelinessCounts(t.db);
  });

  it("show on /statistics with the ranking and the stages", async () => {
    const res = await app.fetch("/statistics");
    expect(res.status).toBe(200);
    const html = await res.text();
    const pf = new Intl.NumberFormat("vi-VN", { style: "percent", maximumFractionDigits: 1 });
    const figure = (name: string) => new RegExp(`data-figure="${name}"><dt>[^<]*</dt><dd>([^<]*)`).exec(html)?.[1];
    expect(figure("acknowledged")?.trim()).toBe(pf.format(0.6));
    expect(figure("decided")?.trim()).toBe(pf.format(0.5));
    const ranked = [...html.matchAll(/<tr data-place="([^"]+)"><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]);
    expect(ranked).toEqual([
      [`unit:${U}`, 1],
      [`agency:${A}`, 2],
      [`agency:${B}`, 3],
    ]);
    expect(html).toMatch(/data-stage="council"><th scope="row">[^<]*<\/th><td>21<\/td>/);
  });

  it("are open data, as JSON and CSV, listed on /open-data", async () => {
    const json = await (await app.fetch("/open-data/timeliness.json")).json();
    expect(json.acknowledged).toEqual({ on_time: 3, measured: 5, rate: 0.6 });
    expect(json.decided).toEqual({ on_time: 2, measured: 4, rate: 0.5 });
    expect(json.places.map((p: { place_key: string; rank: number }) => [p.place_key, p.rank])).toEqual([
      [`unit:${U}`, 1],
      [`agency:${A}`, 2],
      [`agency:${B}`, 3],
    ]);
    expect(json.median_days_per_stage.council).toEqual({ median_days: 21, cases: 3 });
    const csv = await app.fetch("/open-data/timeliness.csv");
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "as_of,rank,place_key,place_kind,place,acknowledged_on_time,acknowledged_measured,acknowledged_rate,decided_on_time,decided_measured,decided_rate,on_time_rate",
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,1,unit:${U},unit,`);
    const index = await (await app.fetch("/open-data")).text();
    expect(index).toContain('href="/open-data/timeliness.csv"');
    expect(index).toContain('href="/open-data/timeliness.json"');
  });
});

describe("a page whose figures change with the date", () => {
  it("is cached under the Hà Nội date, which turns at 17:00 UTC", () => {
    for (const p of ["/statistics", "/open-data/timeliness.json", "/open-data/timeliness.csv"]) expect(isCacheablePath(p), p).toBe(true);
    const before = hanoiDate(new Date("2026-12-04T16:59:59Z"));
    const after = hanoiDate(new Date("2026-12-04T17:00:00Z"));
    expect([before, after]).toEqual(["2026-12-04", "2026-12-05"]);
    const key = (day: string) => pageKey({ pathname: "/statistics", query: "", lang: "vi", version: 7, day });
    expect(key(before)).not.toBe(key(after));
  });

  it("moves the public pages' version when a case's dates change", async () => {
    const before = await publicPagesVersion(t.db);
    const id = await receivedOn(t.db, "2026-11-02");
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(before);
    const mid = await publicPagesVersion(t.db);
    await moves(t.db, id, [["screening", "2026-11-03"]]);
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(mid);
  });
});
