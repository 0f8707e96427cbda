import { describe, expect, it } from "vitest";
import {
  assignmentCost,
  autoAssign,
  dependentRound,
  seededRandomInt,
  SCALE,
  type CaseInput,
  type Exclusion,
  type ReviewerInput,
} from "~/models/review/auto-assign";
import { MinCostFlow } from "~/models/review/min-cost-flow";

const AREAS = ["institutional", "procedures", "digital_government"];
const DOMAINS = ["land", "construction", "civil_status"];

/** A random instance from a seeded generator: a failure names its seed, so it can be replayed. */
function instance(seed: string, size: { cases: number; reviewers: number; maxNeed: number; maxLoad: number; exclusionRate: number }) {
  const rnd = seededRandomInt(seed);
  const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)];
  const subset = (xs: readonly string[]) => xs.filter(() => rnd(2) === 0);
  const cases: CaseInput[] = Array.from({ length: size.cases }, (_, i) => ({
    id: 100 + i,
    need: 1 + rnd(size.maxNeed),
    area: pick(AREAS),
    domain: rnd(4) === 0 ? null : pick(DOMAINS),
  }));
  const reviewers: ReviewerInput[] = Array.from({ length: size.reviewers }, (_, j) => {
    const maxLoad = rnd(size.maxLoad + 1);
    return { id: 1 + j, maxLoad, load: rnd(maxLoad + 1), areas: subset(AREAS), domains: subset(DOMAINS) };
  });
  const exclusions: Exclusion[] = [];
  for (const c of cases)
    for (const r of reviewers)
      if (rnd(1000) < size.exclusionRate * 1000)
        exclusions.push({ caseId: c.id, reviewerId: r.id, reason: pick(["conflict", "same_organisation", "already_assigned"] as const) });
  return { cases, reviewers, exclusions };
}

/** Every constraint, checked on the output alone. */
function assertValid(cases: CaseInput[], reviewers: ReviewerInput[], exclusions: Exclusion[], result: ReturnType<typeof autoAssign>) {
  const banned = new Set(exclusions.map((x) => `${x.caseId}:${x.reviewerId}`));
  const infeasible = new Set(result.infeasible.map((i) => i.caseId));
  const perCase = new Map<number, number[]>();
  const perReviewer = new Map<number, number>();
  for (const p of result.pairs) {
    expect(banned.has(`${p.caseId}:${p.reviewerId}`), `excluded pair ${p.caseId}:${p.reviewerId}`).toBe(false);
    expect(infeasible.has(p.caseId), `pair on an infeasible case ${p.caseId}`).toBe(false);
    perCase.set(p.caseId, [...(perCase.get(p.caseId) ?? []), p.reviewerId]);
    perReviewer.set(p.reviewerId, (perReviewer.get(p.reviewerId) ?? 0) + 1);
  }
  for (const c of cases) {
    const got = perCase.get(c.id) ?? [];
    if (infeasible.has(c.id)) expect(got).toEqual([]);
    else {
      expect(got.length, `case ${c.id} gets its need`).toBe(c.need);
      expect(new Set(got).size, `case ${c.id} distinct reviewers`).toBe(got.length);
    }
  }
  for (const r of reviewers)
    expect(r.load + (perReviewer.get(r.id) ?? 0), `reviewer ${r.id} load`).toBeLessThanOrEqual(Math.max(r.maxLoad, r.load));
}

/** The optimum by trying every assignment: every case gets `need` distinct allowed reviewers, loads within limits. */
function bruteForce(cases: CaseInput[], reviewers: ReviewerInput[], exclusions: Exclusion[]): number | null {
  const banned = new Set(exclusions.map((x) => `${x.caseId}:${x.reviewerId}`));
  const combos = (xs: number[], k: number): number[][] =>
    k === 0 ? [[]] : xs.length < k ? [] : [...combos(xs.slice(1), k - 1).map((c) => [xs[0], ...c]), ...combos(xs.slice(1), k)];
  let best: number | null = null;
  const pairs: { caseId: number; reviewerId: number }[] = [];
  const added = new Map<number, number>();
  const rec = (i: number) => {
    if (i === cases.length) {
      const cost = assignmentCost(cases, reviewers, pairs);
      if (best === null || cost < best) best = cost;
      return;
    }
    const c = cases[i];
    const allowed = reviewers.filter((r) => !banned.has(`${c.id}:${r.id}`)).map((r) => r.id);
    for (const chosen of combos(allowed, c.need)) {
      const ok = chosen.every((id) => {
        const r = reviewers.find((x) => x.id === id)!;
        return r.load + (added.get(id) ?? 0) + 1 <= r.maxLoad;
      });
      if (!ok) continue;
      for (const id of chosen) {
        added.set(id, (added.get(id) ?? 0) + 1);
        pairs.push({ caseId: c.id, reviewerId: id });
      }
      rec(i + 1);
      for (const id of chosen) {
        added.set(id, added.get(id)! - 1);
        pairs.pop();
      }
    }
  };
  rec(0);
  return best;
}

describe("min-cost flow", () => {
  it("finds the cheapest flow on a hand-solved network", () => {
    // s=0, t=3; two routes of cost 2 (cap 1) and 5 (cap 2): 2 units cost 2 + 5 = 7.
    const g = new MinCostFlow(4);
    g.addArc(0, 1, 1, 1);
    g.addArc(1, 3, 1, 1);
    const b = g.addArc(0, 2, 2, 2);
    g.addArc(2, 3, 2, 3);
    expect(g.run(0, 3, 2)).toEqual({ flow: 2, cost: 7 });
    expect(g.flowOn(b)).toBe(1);
  });

  it("reroutes flow through a residual arc when that is cheaper", () => {
    // The classic crossing: the greedy first path must be undone partly to reach the optimum of 2 units.
    const g = new MinCostFlow(4);
    g.addArc(0, 1, 1, 1);
    g.addArc(0, 2, 1, 5);
    g.addArc(1, 2, 1, 1);
    g.addArc(1, 3, 1, 5);
    g.addArc(2, 3, 1, 1);
    expect(g.run(0, 3)).toEqual({ flow: 2, cost: 12 });
  });
});

describe("automatic assignment (deterministic mode)", () => {
  it("solves a hand-solved instance: expertise first, load spread", () => {
    const cases: CaseInput[] = [
      { id: 1, need: 2, area: "procedures", domain: "land" },
      { id: 2, need: 2, area: "digital_government", domain: null },
    ];
    const reviewers: ReviewerInput[] = [
      { id: 10, load: 0, maxLoad: 5, areas: ["procedures"], domains: ["land"] },
      { id: 11, load: 0, maxLoad: 5, areas: ["procedures"], domains: [] },
      { id: 12, load: 0, maxLoad: 5, areas: ["digital_government"], domains: [] },
      { id: 13, load: 4, maxLoad: 5, areas: ["digital_government"], domains: [] },
      { id: 14, load: 0, maxLoad: 5, areas: [], domains: [] },
    ];
    const r = autoAssign(cases, reviewers, [{ caseId: 1, reviewerId: 12, reason: "conflict" }]);
    expect(r.infeasible).toEqual([]);
    // Case 1: 10 (full match, 0) and 11 (area, 4). Case 2: 12 (area, 4+1) beats 13 (area, 4 + 9: busy) and 14 (10+1).
    expect(r.pairs.map((p) => [p.caseId, p.reviewerId])).toEqual([
      [1, 10],
      [1, 11],
      [2, 12],
      [2, 14],
    ]);
    expect(r.cost).toBe(0 + 1 + 4 + 1 + 4 + 1 + 10 + 1);
    expect(r.pairs[0]).toMatchObject({ areaMatch: true, domainMatch: true });
  });

  it("explains a case that cannot be served, by the constraint that ran out", () => {
    const cases: CaseInput[] = [{ id: 1, need: 2, area: "procedures", domain: null }];
    const reviewers: ReviewerInput[] = [
      { id: 10, load: 0, maxLoad: 5, areas: [], domains: [] },
      { id: 11, load: 0, maxLoad: 5, areas: [], domains: [] },
      { id: 12, load: 5, maxLoad: 5, areas: [], domains: [] },
      { id: 13, load: 0, maxLoad: 5, areas: [], domains: [] },
    ];
    const r = autoAssign(cases, reviewers, [
      { caseId: 1, reviewerId: 10, reason: "conflict" },
      { caseId: 1, reviewerId: 11, reason: "same_organisation" },
    ]);
    expect(r.pairs).toEqual([]);
    expect(r.infeasible).toEqual([
      {
        caseId: 1,
        need: 2,
        reason: "eligible",
        eligible: 1,
        excluded: { conflict: 1, same_organisation: 1, already_assigned: 0, full: 1 },
      },
    ]);
  });

  it("lets a case give way, whole, when free load is shared and short", () => {
    const cases: CaseInput[] = [
      { id: 1, need: 2, area: "procedures", domain: null },
      { id: 2, need: 2, area: "procedures", domain: null },
    ];
    const reviewers: ReviewerInput[] = [
      { id: 10, load: 0, maxLoad: 1, areas: [], domains: [] },
      { id: 11, load: 0, maxLoad: 1, areas: [], domains: [] },
      { id: 12, load: 0, maxLoad: 1, areas: [], domains: [] },
    ];
    const r = autoAssign(cases, reviewers, []);
    expect(r.infeasible).toHaveLength(1);
    const [gaveWay] = r.infeasible;
    expect(gaveWay).toMatchObject({ reason: "capacity", eligible: 3 });
    const served = gaveWay.caseId === 1 ? 2 : 1;
    expect(r.pairs.filter((p) => p.caseId === served)).toHaveLength(2);
    expect(r.pairs.filter((p) => p.caseId === gaveWay.caseId)).toHaveLength(0);
  });

  it("equals the brute-force optimum on small random instances", () => {
    let compared = 0;
    for (let n = 0; n < 300; n++) {
      const seed = (0x1000 + n).toString(16).padStart(8, "0");
      const { cases, reviewers, exclusions } = instance(seed, {
        cases: 1 + (n % 3),
        reviewers: 2 + (n % 4),
        maxNeed: 2,
        maxLoad: 3,
        exclusionRate: 0.2,
      });
      const r = autoAssign(cases, reviewers, exclusions);
      assertValid(cases, reviewers, exclusions, r);
      // The served cases are served at least cost, compared with every assignment of those cases.
      const served = cases.filter((c) => !r.infeasible.some((i) => i.caseId === c.id));
      const best = bruteForce(served, reviewers, exclusions);
      expect(best, `seed ${seed}`).not.toBeNull();
      expect(r.cost, `seed ${seed}`).toBe(best);
      // And nothing was given up that could have been served: with every case, no assignment exists.
      if (r.infeasible.length > 0) expect(bruteForce(cases, reviewers, exclusions), `seed ${seed}`).toBeNull();
      else compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("never breaks a constraint on large random instances, and gives the same answer twice", () => {
    for (let n = 0; n < 25; n++) {
      const seed = (0x9000 + n).toString(16).padStart(8, "0");
      const inst = instance(seed, { cases: 40 + n * 3, reviewers: 12 + n, maxNeed: 3, maxLoad: 8, exclusionRate: 0.15 });
      const a = autoAssign(inst.cases, inst.reviewers, inst.exclusions);
      assertValid(inst.cases, inst.reviewers, inst.exclusions, a);
      expect(autoAssign(inst.cases, inst.reviewers, inst.exclusions), `seed ${seed}`).toEqual(a);
    }
  });
});

describe("automatic assignment (randomised mode)", () => {
  it("never breaks a constraint, whatever the draw", () => {
    for (let n = 0; n < 40; n++) {
      const seed = (0x5000 + n).toString(16).padStart(8, "0");
      const inst = instance(seed, { cases: 10 + n, reviewers: 10 + (n % 7), maxNeed: 2, maxLoad: 6, exclusionRate: 0.1 });
      const r = autoAssign(inst.cases, inst.reviewers, inst.exclusions, { cap: 0.5, randomInt: seededRandomInt(seed) });
      assertValid(inst.cases, inst.reviewers, inst.exclusions, r);
      for (const p of r.pairs) expect(p.probability!).toBeLessThanOrEqual(0.5);
    }
  });

  it("says when the cap needs more eligible reviewers than there are", () => {
    const reviewers: ReviewerInput[] = [1, 2, 3].map((id) => ({ id, load: 0, maxLoad: 5, areas: [], domains: [] }));
    const r = autoAssign([{ id: 1, need: 2, area: "procedures", domain: null }], reviewers, [], {
      cap: 0.5,
      randomInt: seededRandomInt("00"),
    });
    expect(r.infeasible.map((i) => i.reason)).toEqual(["cap"]);
  });

  it("draws each pair as often as its fractional value, never above the cap", () => {
    // Two reviewers are experts on case 1: without a cap they would always get it; with cap 0.5 the others share.
    const cases: CaseInput[] = [
      { id: 1, need: 2, area: "procedures", domain: "land" },
      { id: 2, need: 2, area: "institutional", domain: null },
      { id: 3, need: 1, area: "digital_government", domain: "civil_status" },
    ];
    const reviewers: ReviewerInput[] = [
      { id: 10, load: 0, maxLoad: 3, areas: ["procedures"], domains: ["land"] },
      { id: 11, load: 1, maxLoad: 3, areas: ["procedures"], domains: ["land"] },
      { id: 12, load: 0, maxLoad: 2, areas: ["institutional"], domains: [] },
      { id: 13, load: 0, maxLoad: 2, areas: [], domains: ["civil_status"] },
      { id: 14, load: 2, maxLoad: 4, areas: ["digital_government"], domains: [] },
      { id: 15, load: 0, maxLoad: 1, areas: [], domains: [] },
    ];
    const exclusions: Exclusion[] = [{ caseId: 2, reviewerId: 10, reason: "conflict" }];
    const runs = 2500;
    const counts = new Map<string, number>();
    let marginals: Map<string, number> | null = null;
    for (let k = 0; k < runs; k++) {
      const r = autoAssign(cases, reviewers, exclusions, { cap: 0.5, randomInt: seededRandomInt(k.toString(16).padStart(16, "0")) });
      expect(r.infeasible).toEqual([]);
      assertValid(cases, reviewers, exclusions, r);
      for (const p of r.pairs) counts.set(`${p.caseId}:${p.reviewerId}`, (counts.get(`${p.caseId}:${p.reviewerId}`) ?? 0) + 1);
      // Every draw starts from the same fractional optimum.
      const m = new Map(r.pairs.map((p) => [`${p.caseId}:${p.reviewerId}`, p.probability!]));
      marginals ??= new Map();
      for (const [key, v] of m) {
        if (marginals.has(key)) expect(marginals.get(key)).toBe(v);
        marginals.set(key, v);
      }
    }
    expect(marginals!.size).toBeGreaterThan(5);
    for (const [key, p] of marginals!) {
      expect(p).toBeLessThanOrEqual(0.5);
      const freq = (counts.get(key) ?? 0) / runs;
      // Four standard deviations of a binomial frequency: a false alarm about once in 15,000 pairs.
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / runs) + 1 / runs;
      expect(Math.abs(freq - p), `${key}: ${freq} vs ${p}`).toBeLessThanOrEqual(tolerance);
      expect(freq, key).toBeLessThanOrEqual(0.5 + tolerance);
    }
    // No pair outside the fractional support is ever drawn.
    for (const key of counts.keys()) expect(marginals!.has(key), key).toBe(true);
  });

  it("rounds a fractional assignment keeping each side's sum", () => {
    const frac = [
      { caseId: 1, reviewerId: 1, units: 50 },
      { caseId: 1, reviewerId: 2, units: 50 },
      { caseId: 1, reviewerId: 3, units: 50 },
      { caseId: 1, reviewerId: 4, units: 50 },
      { caseId: 2, reviewerId: 1, units: 30 },
      { caseId: 2, reviewerId: 2, units: 70 },
    ];
    for (let k = 0; k < 200; k++) {
      const out = dependentRound(frac, seededRandomInt(`${k}`));
      expect(out.filter((p) => p.caseId === 1)).toHaveLength(2);
      expect(out.filter((p) => p.caseId === 2)).toHaveLength(1);
      for (const r of [1, 2])
        expect(out.filter((p) => p.reviewerId === r).length).toBeLessThanOrEqual(
          Math.ceil(frac.filter((f) => f.reviewerId === r).reduce((s, f) => s + f.units, 0) / SCALE),
        );
    }
  });
});
