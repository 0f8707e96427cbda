/**
 * Automatic reviewer assignment, pure (no database): docs/decisions/022-automatic-reviewer-assignment.md.
 *
 * The problem is a min-cost flow: source → case (capacity: reviewers it still needs) → reviewer (capacity 1,
 * cost: how poorly the reviewer's expertise fits) → sink (one arc per open slot left under the reviewer's
 * maximum load, each dearer than the last, so the cost of load is convex and the flow spreads it out).
 * Pairs that must never meet (a declared conflict, the same organisation, already on the case) get no arc.
 *
 * Deterministic mode: the integral optimum, the same for the same input.
 * Randomised mode: the optimum of the fractional problem in which no pair carries more than `cap`, then an
 * integral assignment drawn by dependent rounding (Gandhi, Khuller, Parthasarathy, Srinivasan 2006) whose
 * marginals equal the fractional values: no pair is more likely than `cap`, so nobody can steer a case to
 * a chosen reviewer by arranging loads or expertise.
 */
import { MinCostFlow } from "./min-cost-flow";

export interface CaseInput {
  id: number;
  /** reviewers still to add */
  need: number;
  area: string;
  domain: string | null;
}

export interface ReviewerInput {
  id: number;
  /** open reviews now */
  load: number;
  maxLoad: number;
  areas: readonly string[];
  domains: readonly string[];
}

export type ExclusionReason = "conflict" | "same_organisation" | "already_assigned";

export interface Exclusion {
  caseId: number;
  reviewerId: number;
  reason: ExclusionReason;
}

export interface AssignOptions {
  /** randomised mode: each pair's probability at most this (0 < cap ≤ 1) */
  cap?: number;
  /** a source of uniform integers in [0, n): a seeded generator in the randomised mode */
  randomInt?: (n: number) => number;
}

export interface Pair {
  caseId: number;
  reviewerId: number;
  areaMatch: boolean;
  domainMatch: boolean;
  /** for the randomised mode: the pair's probability in the fractional optimum */
  probability?: number;
}

/** Why a case got no proposal. Counts say which constraint ran out. */
export interface Infeasible {
  caseId: number;
  need: number;
  /** `eligible`: too few reviewers left after exclusions; `capacity`: enough reviewers but their free load
   *  is taken by other cases; `cap`: the randomised mode's cap needs need/cap eligible reviewers */
  reason: "eligible" | "capacity" | "cap";
  eligible: number;
  excluded: Record<ExclusionReason | "full", number>;
}

export interface AssignResult {
  pairs: Pair[];
  infeasible: Infeasible[];
  /** the objective of the integral assignment (comparable with `assignmentCost`) */
  cost: number;
}

/** Cost of a pair: lower for matching expertise. Area counts more than domain (an area is the broader field). */
export const AREA_MISMATCH = 6;
export const DOMAIN_MISMATCH = 4;
/** The k-th open review of a reviewer costs LOAD_STEP·(2k−1): total load cost LOAD_STEP·k², convex. */
export const LOAD_STEP = 1;
/** The fractional problem runs in units of 1/SCALE of a review. */
export const SCALE = 100;

export function pairCost(c: Pick<CaseInput, "area" | "domain">, r: Pick<ReviewerInput, "areas" | "domains">) {
  const areaMatch = r.areas.includes(c.area);
  const domainMatch = c.domain !== null && r.domains.includes(c.domain);
  return { areaMatch, domainMatch, cost: (areaMatch ? 0 : AREA_MISMATCH) + (domainMatch ? 0 : DOMAIN_MISMATCH) };
}

export function loadStepCost(k: number): number {
  return LOAD_STEP * (2 * k - 1);
}

/** The objective of an integral assignment: pair costs plus each reviewer's convex load cost (from their current load). */
export function assignmentCost(
  cases: readonly CaseInput[],
  reviewers: readonly ReviewerInput[],
  pairs: readonly { caseId: number; reviewerId: number }[],
): number {
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const revById = new Map(reviewers.map((r) => [r.id, r]));
  const added = new Map<number, number>();
  let cost = 0;
  for (const p of pairs) {
    cost += pairCost(caseById.get(p.caseId)!, revById.get(p.reviewerId)!).cost;
    added.set(p.reviewerId, (added.get(p.reviewerId) ?? 0) + 1);
  }
  for (const [id, n] of added) {
    const r = revById.get(id)!;
    for (let k = r.load + 1; k <= r.load + n; k++) cost += loadStepCost(k);
  }
  return cost;
}

/** Validates the input: thrown errors here are programming errors of the caller, not user input. */
function check(cases: readonly CaseInput[], reviewers: readonly ReviewerInput[], cap?: number) {
  const caseIds = new Set<number>();
  for (const c of cases) {
    if (caseIds.has(c.id)) throw new Error(`duplicate case ${c.id}`);
    caseIds.add(c.id);
    if (!Number.isInteger(c.need) || c.need < 0) throw new Error(`bad need for case ${c.id}`);
  }
  const revIds = new Set<number>();
  for (const r of reviewers) {
    if (revIds.has(r.id)) throw new Error(`duplicate reviewer ${r.id}`);
    revIds.add(r.id);
    if (!Number.isInteger(r.load) || !Number.isInteger(r.maxLoad) || r.load < 0 || r.maxLoad < 0)
      throw new Error(`bad load for reviewer ${r.id}`);
  }
  if (cap !== undefined && !(cap > 0 && cap <= 1)) throw new Error(`cap must be in (0, 1]: ${cap}`);
}

const key = (caseId: number, reviewerId: number) => `${caseId}:${reviewerId}`;

/**
 * Proposes reviewers for every case. A case either gets exactly its `need` or is listed in `infeasible` with
 * the constraint that stopped it: never a partial, silent result.
 */
export function autoAssign(
  cases: readonly CaseInput[],
  reviewers: readonly ReviewerInput[],
  exclusions: readonly Exclusion[],
  options: AssignOptions = {},
): AssignResult {
  const cap = options.cap;
  check(cases, reviewers, cap);
  const excluded = new Map<string, ExclusionReason>();
  for (const x of exclusions) if (!excluded.has(key(x.caseId, x.reviewerId))) excluded.set(key(x.caseId, x.reviewerId), x.reason);

  const infeasible: Infeasible[] = [];
  const explain = (c: CaseInput, reason: Infeasible["reason"]): Infeasible => {
    const counts: Infeasible["excluded"] = { conflict: 0, same_organisation: 0, already_assigned: 0, full: 0 };
    let eligible = 0;
    for (const r of reviewers) {
      const why = excluded.get(key(c.id, r.id));
      if (why) counts[why]++;
      else if (r.maxLoad - r.load <= 0) counts.full++;
      else eligible++;
    }
    return { caseId: c.id, need: c.need, reason, eligible, excluded: counts };
  };

  // Cases that cannot be served whatever the others do: too few eligible reviewers (or, with a cap, fewer than need/cap).
  let active: CaseInput[] = [];
  for (const c of cases) {
    if (c.need === 0) continue;
    const e = explain(c, "eligible");
    if (e.eligible < c.need) infeasible.push(e);
    else if (cap !== undefined && e.eligible * capUnits(cap) < c.need * SCALE) infeasible.push({ ...e, reason: "cap" });
    else active.push(c);
  }

  // Free load shared by several cases may still fall short (Hall's condition fails for a group of them). The
  // maximum flow then leaves some cases short; they give way, and the others keep a full assignment (the flow
  // restricted to them is one), solved again so that it is also the cheapest for them alone.
  let solved = solve(active, reviewers, excluded, cap);
  if (solved.short.length > 0) {
    const short = new Set(solved.short);
    for (const c of active) if (short.has(c)) infeasible.push(explain(c, "capacity"));
    active = active.filter((c) => !short.has(c));
    solved = solve(active, reviewers, excluded, cap);
    if (solved.short.length > 0) throw new Error("assignment: a restricted feasible flow was not found again");
  }
  const pairs = cap === undefined ? solved.integral() : dependentRound(solved.fractional(), options.randomInt ?? defaultRandomInt);
  const caseById = new Map(active.map((c) => [c.id, c]));
  const revById = new Map(reviewers.map((r) => [r.id, r]));
  const out: Pair[] = pairs.map((p) => {
    const m = pairCost(caseById.get(p.caseId)!, revById.get(p.reviewerId)!);
    return {
      caseId: p.caseId,
      reviewerId: p.reviewerId,
      areaMatch: m.areaMatch,
      domainMatch: m.domainMatch,
      ...(p.probability !== undefined ? { probability: p.probability } : {}),
    };
  });
  out.sort((a, b) => a.caseId - b.caseId || a.reviewerId - b.reviewerId);
  infeasible.sort((a, b) => cases.indexOf(cases.find((c) => c.id === a.caseId)!) - cases.indexOf(cases.find((c) => c.id === b.caseId)!));
  return { pairs: out, infeasible, cost: assignmentCost(cases, reviewers, out) };
}

interface Solved {
  /** cases the maximum flow left short of their need */
  short: CaseInput[];
  integral(): { caseId: number; reviewerId: number; probability?: number }[];
  fractional(): FractionalPair[];
}

export interface FractionalPair {
  caseId: number;
  reviewerId: number;
  /** in units of 1/SCALE */
  units: number;
}

function solve(
  cases: readonly CaseInput[],
  reviewers: readonly ReviewerInput[],
  excluded: Map<string, ExclusionReason>,
  cap: number | undefined,
): Solved {
  const unit = cap === undefined ? 1 : SCALE;
  const pairCap = cap === undefined ? 1 : capUnits(cap);
  const S = 0;
  const T = 1;
  const caseNode = (i: number) => 2 + i;
  const revNode = (j: number) => 2 + cases.length + j;
  const g = new MinCostFlow(2 + cases.length + reviewers.length);
  const caseArcs: number[] = [];
  const pairArcs: { arc: number; i: number; j: number }[] = [];
  let required = 0;
  cases.forEach((c, i) => {
    caseArcs.push(g.addArc(S, caseNode(i), c.need * unit, 0));
    required += c.need * unit;
    reviewers.forEach((r, j) => {
      if (excluded.has(key(c.id, r.id)) || r.maxLoad - r.load <= 0) return;
      pairArcs.push({ arc: g.addArc(caseNode(i), revNode(j), pairCap, pairCost(c, r).cost), i, j });
    });
  });
  reviewers.forEach((r, j) => {
    for (let k = r.load + 1; k <= r.maxLoad; k++) g.addArc(revNode(j), T, unit, loadStepCost(k));
  });
  const { flow } = g.run(S, T, required);

  const short = flow < required ? cases.filter((c, i) => g.flowOn(caseArcs[i]) < c.need * unit) : [];
  return {
    short,
    integral: () => pairArcs.filter((p) => g.flowOn(p.arc) > 0).map((p) => ({ caseId: cases[p.i].id, reviewerId: reviewers[p.j].id })),
    fractional: () =>
      pairArcs
        .filter((p) => g.flowOn(p.arc) > 0)
        .map((p) => ({ caseId: cases[p.i].id, reviewerId: reviewers[p.j].id, units: g.flowOn(p.arc) })),
  };
}

/** A pair's capacity in the fractional problem, in units of 1/SCALE (rounded down: never above the cap). */
function capUnits(cap: number): number {
  return Math.floor(cap * SCALE + 1e-9);
}

function defaultRandomInt(n: number): number {
  return Math.floor(Math.random() * n);
}

/**
 * Dependent rounding on a bipartite graph (Gandhi et al., J. ACM 53(3), 2006), in exact integer units of
 * 1/SCALE. Each step takes a cycle or a maximal path of fractional edges, splits it into two alternating
 * matchings and shifts weight from one to the other, by α or by β with probabilities β/(α+β) and α/(α+β):
 * every edge's expected value stays the same, every vertex's sum stays the same on a cycle's vertices and the
 * path's inner vertices, and at least one edge becomes 0 or 1. Hence: P(pair) = its fractional value; a case
 * (integral sum) gets exactly its need; a reviewer's count is the floor or the ceiling of their fractional load.
 */
export function dependentRound(
  fractional: readonly FractionalPair[],
  randomInt: (n: number) => number,
): { caseId: number; reviewerId: number; probability: number }[] {
  const x = fractional.map((p) => p.units);
  const probability = fractional.map((p) => p.units / SCALE);
  // Vertices: cases as "c<id>", reviewers as "r<id>"; adjacency of fractional edges by index.
  const ends = fractional.map((p) => [`c${p.caseId}`, `r${p.reviewerId}`] as const);
  const adj = new Map<string, Set<number>>();
  const link = (v: string, e: number) => {
    let s = adj.get(v);
    if (!s) adj.set(v, (s = new Set()));
    s.add(e);
  };
  const isFrac = (e: number) => x[e] > 0 && x[e] < SCALE;
  fractional.forEach((_, e) => {
    if (isFrac(e)) {
      link(ends[e][0], e);
      link(ends[e][1], e);
    }
  });
  const other = (e: number, v: string) => (ends[e][0] === v ? ends[e][1] : ends[e][0]);
  const settle = (e: number) => {
    if (isFrac(e)) return;
    adj.get(ends[e][0])?.delete(e);
    adj.get(ends[e][1])?.delete(e);
  };

  for (;;) {
    // Start at a vertex of fractional degree 1 if there is one (the walk is then a maximal path or ends in a
    // cycle), else at any vertex with fractional edges (every degree ≥ 2: the walk closes a cycle).
    let start: string | null = null;
    for (const [v, s] of adj) {
      if (s.size === 1) {
        start = v;
        break;
      }
      if (s.size > 0 && start === null) start = v;
    }
    if (start === null) break;
    const walkVertices: string[] = [start];
    const walkEdges: number[] = [];
    const position = new Map<string, number>([[start, 0]]);
    const used = new Set<number>();
    let edges: number[];
    for (;;) {
      const v = walkVertices[walkVertices.length - 1];
      let nextEdge = -1;
      for (const e of adj.get(v)!) {
        if (!used.has(e)) {
          nextEdge = e;
          break;
        }
      }
      if (nextEdge === -1) {
        edges = walkEdges; // a maximal path
        break;
      }
      used.add(nextEdge);
      const w = other(nextEdge, v);
      walkEdges.push(nextEdge);
      const seenAt = position.get(w);
      if (seenAt !== undefined) {
        edges = walkEdges.slice(seenAt); // a cycle (even: the graph is bipartite)
        break;
      }
      position.set(w, walkVertices.length);
      walkVertices.push(w);
    }
    const m1 = edges.filter((_, k) => k % 2 === 0);
    const m2 = edges.filter((_, k) => k % 2 === 1);
    const alpha = Math.min(...m1.map((e) => SCALE - x[e]), ...m2.map((e) => x[e]));
    const beta = Math.min(...m1.map((e) => x[e]), ...m2.map((e) => SCALE - x[e]));
    if (randomInt(alpha + beta) < beta) {
      for (const e of m1) x[e] += alpha;
      for (const e of m2) x[e] -= alpha;
    } else {
      for (const e of m1) x[e] -= beta;
      for (const e of m2) x[e] += beta;
    }
    for (const e of edges) settle(e);
  }
  return fractional
    .map((p, e) => ({ caseId: p.caseId, reviewerId: p.reviewerId, probability: probability[e], chosen: x[e] === SCALE }))
    .filter((p) => p.chosen)
    .map(({ caseId, reviewerId, probability }) => ({ caseId, reviewerId, probability }));
}

/** A seeded generator of uniform integers (xorshift128+ folded to 32 bits, rejection-sampled: no modulo bias). */
export function seededRandomInt(seedHex: string): (n: number) => number {
  // Four 32-bit words from the seed; a seed of zeros would stay zero, so mix in constants.
  const words = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x85a308d3];
  for (let i = 0; i < seedHex.length; i += 8) words[(i / 8) % 4] ^= parseInt(seedHex.slice(i, i + 8).padEnd(8, "0"), 16) >>> 0;
  let [a, b, c, d] = words;
  const next32 = () => {
    // xoshiro128** (Blackman & Vigna)
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  for (let i = 0; i < 16; i++) next32();
  return (n: number) => {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new Error(`bad range ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const r = next32();
      if (r < limit) return r % n;
    }
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}
