/**
 * Aggregated review scores (docs/domain.md "Recognition criteria"): per criterion mean, median and spread,
 * the weighted total on 0–100 and the "needs discussion" flag. Pure functions, no database, so the
 * staff page and the tests compute the same numbers.
 */

export interface CriterionDef {
  id: number;
  key: string;
  label_vi: string;
  label_en: string;
  weight: number;
  scale_min: number;
  scale_max: number;
  position: number;
}

import { RECOMMENDATIONS, type Recommendation } from "../../domain/vocabulary";

export { RECOMMENDATIONS, type Recommendation };

export interface SubmittedReview {
  rubricVersionId: number;
  /** the criteria of the rubric version this review was scored on */
  criteria: CriterionDef[];
  /** score per criterion id */
  scores: Record<number, number>;
  recommendation: Recommendation | null;
}

export interface CriterionStats {
  key: string;
  /** the definition used for labels: the one of the latest rubric version among the reviews */
  criterion: CriterionDef;
  scores: number[];
  mean: number | null;
  median: number | null;
  /** max − min */
  spread: number | null;
}

export interface Aggregate {
  reviewCount: number;
  criteria: CriterionStats[];
  /** each review's weighted total, in the order given */
  reviewTotals: (number | null)[];
  /** mean of the reviews' weighted totals, 0–100 (one decimal) */
  weightedTotal: number | null;
  recommendations: Record<Recommendation, number>;
  needsDiscussion: boolean;
  /** why: the keys whose spread reached the threshold, and whether recommendations differ */
  reasons: { wideSpread: string[]; recommendationsDiffer: boolean; discussAsked: boolean };
}

/** A spread of this many points or more on one criterion asks for discussion (issue 3, item 7). */
export const SPREAD_THRESHOLD = 4;

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function spread(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  return Math.max(...xs) - Math.min(...xs);
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * A score or total for display, one decimal at most, with the language's decimal mark: Vietnamese
 * writes 79,3 where English writes 79.3. Written out by hand rather than through Intl so the server
 * and the browser always agree, whatever ICU data each has.
 */
export function formatScore(x: number | null, lang: "vi" | "en"): string {
  if (x === null || !Number.isFinite(x)) return "—";
  const s = String(round1(x));
  return lang === "vi" ? s.replace(".", ",") : s;
}

/**
 * Σ weight × (score − min)/(max − min) / Σ weight × 100. Null while a criterion has no score
 * (a draft), so a half-filled form never shows a misleading total.
 */
export function weightedTotal(criteria: readonly CriterionDef[], scores: Record<number, number>): number | null {
  if (criteria.length === 0) return null;
  let sumWeights = 0;
  let sum = 0;
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === undefined || s === null || Number.isNaN(s)) return null;
    const range = c.scale_max - c.scale_min;
    if (range <= 0) return null;
    sum += c.weight * ((s - c.scale_min) / range);
    sumWeights += c.weight;
  }
  return sumWeights > 0 ? (sum / sumWeights) * 100 : null;
}

/**
 * The scores a review form holds, as the server accepts them: `score_<criterion id>` → a whole number on the
 * criterion's scale; anything else (empty, "7.5", out of the scale) is left out.
 */
export function formScores(
  criteria: readonly CriterionDef[],
  values: Readonly<Record<string, string | undefined>>,
): Record<number, number> {
  const out: Record<number, number> = {};
  for (const c of criteria) {
    const raw = (values[`score_${c.id}`] ?? "").trim();
    if (!/^-?\d{1,6}$/.test(raw)) continue;
    const n = Number(raw);
    if (n >= c.scale_min && n <= c.scale_max) out[c.id] = n;
  }
  return out;
}

/**
 * The weighted total of a review form as it stands: the reviewer form's live total in the browser and the total
 * the server renders are this one function (docs/decisions/035-reviewer-form.md).
 */
export function formTotal(criteria: readonly CriterionDef[], values: Readonly<Record<string, string | undefined>>): number | null {
  return weightedTotal(criteria, formScores(criteria, values));
}

export function aggregate(reviews: readonly SubmittedReview[]): Aggregate {
  // Criteria are matched by key, so reviews scored on an older rubric version still count for the same criterion.
  const byKey = new Map<string, { criterion: CriterionDef; scores: number[]; versionRank: number }>();
  reviews.forEach((r) => {
    const rank = r.rubricVersionId;
    for (const c of r.criteria) {
      const entry = byKey.get(c.key);
      const s = r.scores[c.id];
      if (!entry) byKey.set(c.key, { criterion: c, scores: s === undefined ? [] : [s], versionRank: rank });
      else {
        if (s !== undefined) entry.scores.push(s);
        if (rank > entry.versionRank) {
          entry.criterion = c;
          entry.versionRank = rank;
        }
      }
    }
  });
  const criteria: CriterionStats[] = [...byKey.entries()]
    .sort((a, b) => a[1].criterion.position - b[1].criterion.position)
    .map(([key, e]) => ({
      key,
      criterion: e.criterion,
      scores: e.scores,
      mean: mean(e.scores),
      median: median(e.scores),
      spread: spread(e.scores),
    }));

  const reviewTotals = reviews.map((r) => weightedTotal(r.criteria, r.scores));
  const complete = reviewTotals.filter((x): x is number => x !== null);
  const total = mean(complete);

  const recommendations: Record<Recommendation, number> = { recognise: 0, reject: 0, discuss: 0 };
  for (const r of reviews) if (r.recommendation) recommendations[r.recommendation] += 1;
  const distinct = RECOMMENDATIONS.filter((k) => recommendations[k] > 0);
  const wideSpread = criteria.filter((c) => (c.spread ?? 0) >= SPREAD_THRESHOLD).map((c) => c.key);
  const recommendationsDiffer = distinct.length > 1;

  return {
    reviewCount: reviews.length,
    criteria,
    reviewTotals,
    weightedTotal: total === null ? null : round1(total),
    recommendations,
    // A single "discuss" recommendation also asks for discussion: the reviewer said so.
    needsDiscussion: wideSpread.length > 0 || recommendationsDiffer || recommendations.discuss > 0,
    reasons: { wideSpread, recommendationsDiffer, discussAsked: recommendations.discuss > 0 },
  };
}
