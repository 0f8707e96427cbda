/**
 * The pure half of the on-time counters (decision 037, "Counted, not recomputed"): the figures built from summed
 * contributions equal the reference `timelinessFigures` over the rows, on any day; the histogram's lower median is
 * `median` of the values.
 */
import { describe, expect, it } from "vitest";
import { addDaysTo } from "~/utils/clock";
import { seededRandom } from "../setup/random";
import {
  contributionDelta,
  contributionKey,
  figuresFromCounts,
  histogramMedian,
  median,
  timelinessContributions,
  timelinessFigures,
  type Contribution,
  type ServiceTime,
} from "~/models/service-targets/targets";

const rnd = seededRandom(15);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const maybe = (p: number, day: string) => (rnd() < p ? day : null);

function row(id: number): ServiceTime {
  const received = addDaysTo("2026-01-01", int(0, 300));
  const acknowledged = maybe(0.7, addDaysTo(received, int(0, 8)));
  const review = acknowledged ? maybe(0.7, addDaysTo(acknowledged, int(0, 10))) : null;
  const council = review ? maybe(0.7, addDaysTo(review, int(0, 30))) : null;
  const decided = council ? maybe(0.7, addDaysTo(council, int(0, 120))) : null;
  const outcome = decided ? "recognised" : rnd() < 0.3 ? (rnd() < 0.5 ? "rejected" : "withdrawn") : null;
  const scope = int(0, 3);
  return {
    initiative_id: id,
    scope_type: ["city", "agency", "unit", "agency"][scope],
    agency_id: scope === 1 ? 1 : scope === 3 ? 2 : null,
    unit_id: scope === 2 ? 7 : null,
    received_on: received,
    ack_target_on: addDaysTo(received, int(3, 5)),
    acknowledged_on: acknowledged,
    review_on: review,
    council_on: council,
    due_on: addDaysTo(received, int(89, 92)),
    decided_on: decided,
    closed_on: outcome === "rejected" || outcome === "withdrawn" ? addDaysTo(acknowledged ?? received, int(0, 20)) : null,
    outcome,
  };
}

/** What getTimeliness reads, from summed contributions as the tables would hold them. */
function countsOn(sums: Map<string, { c: Contribution; n: number }>, today: string) {
  const all = [...sums.values()].filter((e) => e.n !== 0);
  return figuresFromCounts({
    totals: all.flatMap(({ c, n }) =>
      c.table === "timeliness_tallies" && c.on_date === "" ? [{ measure: c.measure, place: c.place, n }] : [],
    ),
    notYetDue: all.flatMap(({ c, n }) =>
      c.table === "timeliness_tallies" && c.on_date >= today && (c.measure === "ack_open" || c.measure === "dec_open")
        ? [{ measure: c.measure, place: c.place, n }]
        : [],
    ),
    stageDays: all.flatMap(({ c, n }) => (c.table === "stage_days" ? [{ stage: c.stage, days: c.days, n }] : [])),
  });
}

describe("the on-time figures from counters", () => {
  it("equal the reference over the rows on any day, as rows change", () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i + 1));
    const sums = new Map<string, { c: Contribution; n: number }>();
    const apply = (before: ServiceTime | null, after: ServiceTime | null) => {
      for (const { c, n } of contributionDelta(before, after)) {
        const e = sums.get(contributionKey(c)) ?? { c, n: 0 };
        e.n += n;
        sums.set(contributionKey(c), e);
      }
    };
    for (const r of rows) apply(null, r);
    // Rewrite a third of them, as a later step does.
    for (let i = 0; i < rows.length; i += 3) {
      const next = { ...row(rows[i].initiative_id) };
      apply(rows[i], next);
      rows[i] = next;
    }
    for (let d = 0; d < 500; d += 7) {
      const today = addDaysTo("2025-12-20", d);
      expect(countsOn(sums, today), today).toEqual(timelinessFigures(rows, today));
    }
    expect(countsOn(new Map(), "2026-01-01")).toEqual(timelinessFigures([], "2026-01-01"));
  });

  it("count nothing for an unchanged row, and one case once", () => {
    const r = row(1);
    expect(contributionDelta(r, { ...r })).toEqual([]);
    expect(timelinessContributions(r).filter((c) => c.table === "timeliness_tallies" && c.measure === "cases")).toHaveLength(1);
    expect(timelinessContributions(null)).toEqual([]);
  });

  it("take the histogram's lower median as median does", () => {
    expect(histogramMedian([])).toBeNull();
    for (let k = 0; k < 200; k++) {
      const values = Array.from({ length: int(1, 30) }, () => int(0, 12));
      const bins = new Map<number, number>();
      for (const v of values) bins.set(v, (bins.get(v) ?? 0) + 1);
      const shuffled = [...bins].map(([days, n]) => ({ days, n })).sort(() => rnd() - 0.5);
      expect(histogramMedian(shuffled)).toBe(median(values));
    }
  });
});
