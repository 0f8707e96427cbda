import { describe, expect, it } from "vitest";
import { aggregate, mean, median, spread, weightedTotal, type CriterionDef, type SubmittedReview } from "~/models/review/aggregation";

const rubric: CriterionDef[] = [
  { id: 1, key: "novelty", label_vi: "Tính mới", label_en: "Novelty", weight: 30, scale_min: 0, scale_max: 10, position: 0 },
  {
    id: 2,
    key: "applicability",
    label_vi: "Khả năng áp dụng",
    label_en: "Applicability",
    weight: 25,
    scale_min: 0,
    scale_max: 10,
    position: 1,
  },
  { id: 3, key: "benefit", label_vi: "Hiệu quả", label_en: "Benefit", weight: 30, scale_min: 0, scale_max: 10, position: 2 },
  { id: 4, key: "feasibility", label_vi: "Tính khả thi", label_en: "Feasibility", weight: 15, scale_min: 0, scale_max: 10, position: 3 },
];

function review(
  scores: number[],
  recommendation: SubmittedReview["recommendation"] = "recognise",
  criteria = rubric,
  rubricVersionId = 1,
): SubmittedReview {
  return { rubricVersionId, criteria, recommendation, scores: Object.fromEntries(criteria.map((c, i) => [c.id, scores[i]])) };
}

describe("statistics", () => {
  it("mean, median and spread of odd, even, single and empty lists", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(spread([])).toBeNull();
    expect(mean([7])).toBe(7);
    expect(median([7])).toBe(7);
    expect(spread([7])).toBe(0);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 9, 4, 6])).toBe(5);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(spread([3, 9, 5])).toBe(6);
  });
});

describe("weighted total 0–100", () => {
  it("is 100 at the top of every scale and 0 at the bottom", () => {
    expect(weightedTotal(rubric, { 1: 10, 2: 10, 3: 10, 4: 10 })).toBe(100);
    expect(weightedTotal(rubric, { 1: 0, 2: 0, 3: 0, 4: 0 })).toBe(0);
  });

  it("weighs each criterion on its own scale", () => {
    // 30×0.8 + 25×0.6 + 30×1 + 15×0.4 = 24 + 15 + 30 + 6 = 75 of 100
    expect(weightedTotal(rubric, { 1: 8, 2: 6, 3: 10, 4: 4 })).toBeCloseTo(75, 10);
    const odd: CriterionDef[] = [
      { ...rubric[0], weight: 2, scale_min: 1, scale_max: 5 },
      { ...rubric[1], weight: 1, scale_min: 0, scale_max: 3 },
    ];
    // 2×(3−1)/4 + 1×3/3 = 1 + 1 = 2 of 3
    expect(weightedTotal(odd, { 1: 3, 2: 3 })).toBeCloseTo(66.6667, 3);
  });

  it("is null while a criterion has no score", () => {
    expect(weightedTotal(rubric, { 1: 8, 2: 6, 3: 10 })).toBeNull();
    expect(weightedTotal([], {})).toBeNull();
  });
});

describe("aggregate", () => {
  it("gives per-criterion statistics and the mean of the reviews' totals", () => {
    const a = aggregate([review([8, 6, 10, 4]), review([6, 6, 8, 6]), review([7, 9, 9, 5])]);
    expect(a.reviewCount).toBe(3);
    expect(a.criteria.map((c) => c.key)).toEqual(["novelty", "applicability", "benefit", "feasibility"]);
    const novelty = a.criteria[0];
    expect(novelty.scores).toEqual([8, 6, 7]);
    expect(novelty.mean).toBe(7);
    expect(novelty.median).toBe(7);
    expect(novelty.spread).toBe(2);
    expect(a.criteria[1].spread).toBe(3);
    expect(a.reviewTotals[0]).toBeCloseTo(75, 10);
    const expected = (75 + (18 + 15 + 24 + 9) + (21 + 22.5 + 27 + 7.5)) / 3;
    expect(a.weightedTotal).toBe(Math.round(expected * 10) / 10);
    expect(a.needsDiscussion).toBe(false);
    expect(a.recommendations).toEqual({ recognise: 3, reject: 0, discuss: 0 });
  });

  it("flags a spread of exactly 4 but not 3", () => {
    expect(aggregate([review([5, 5, 5, 5]), review([8, 5, 5, 5])]).needsDiscussion).toBe(false);
    const wide = aggregate([review([5, 5, 5, 5]), review([9, 5, 5, 5])]);
    expect(wide.needsDiscussion).toBe(true);
    expect(wide.reasons.wideSpread).toEqual(["novelty"]);
  });

  it("flags recommendations that differ, and a reviewer asking for discussion", () => {
    const differ = aggregate([review([7, 7, 7, 7], "recognise"), review([7, 7, 7, 7], "reject")]);
    expect(differ.needsDiscussion).toBe(true);
    expect(differ.reasons.recommendationsDiffer).toBe(true);
    const discuss = aggregate([review([7, 7, 7, 7], "discuss"), review([7, 7, 7, 7], "discuss")]);
    expect(discuss.reasons.recommendationsDiffer).toBe(false);
    expect(discuss.needsDiscussion).toBe(true);
  });

  it("is empty and unflagged without reviews", () => {
    const a = aggregate([]);
    expect(a.weightedTotal).toBeNull();
    expect(a.criteria).toEqual([]);
    expect(a.needsDiscussion).toBe(false);
  });

  it("matches criteria by key across rubric versions and labels them from the newest", () => {
    const v2: CriterionDef[] = rubric.map((c) => ({
      ...c,
      id: c.id + 10,
      label_vi: `${c.label_vi} (mới)`,
      weight: c.key === "novelty" ? 50 : c.weight,
    }));
    const a = aggregate([review([8, 6, 10, 4], "recognise", rubric, 1), review([4, 6, 10, 4], "recognise", v2, 2)]);
    expect(a.criteria[0].scores).toEqual([8, 4]);
    expect(a.criteria[0].criterion.label_vi).toBe("Tính mới (mới)");
    expect(a.criteria[0].spread).toBe(4);
    // each review's total uses its own version's weights
    expect(a.reviewTotals[1]).toBeCloseTo(((50 * 0.4 + 25 * 0.6 + 30 * 1 + 15 * 0.4) / 120) * 100, 10);
  });
});

describe("formatScore", () => {
  it("writes one decimal at most, with the language's decimal mark", async () => {
    const { formatScore } = await import("~/models/review/aggregation");
    expect(formatScore(79.25, "vi")).toBe("79,3");
    expect(formatScore(79.25, "en")).toBe("79.3");
    expect(formatScore(80, "vi")).toBe("80");
    expect(formatScore(0.04, "vi")).toBe("0");
    expect(formatScore(null, "vi")).toBe("—");
    expect(formatScore(Number.NaN, "en")).toBe("—");
  });
});
