/**
 * Score bands of a criterion (docs/decisions/035-reviewer-form.md): the scale split into a low, a middle and a high
 * third, each with the rubric's words for what such a score means. Pure, so the reviewer form, the rubric's admin
 * page and the tests compute the same bands; on the default 0–10 scale they are 0–3, 4–6 and 7–10.
 */
export const BANDS = ["low", "mid", "high"] as const;
export type Band = (typeof BANDS)[number];

export const DESCRIPTOR_FIELDS = ["band_low_vi", "band_mid_vi", "band_high_vi", "band_low_en", "band_mid_en", "band_high_en"] as const;
export type DescriptorField = (typeof DESCRIPTOR_FIELDS)[number];
export type Descriptors = Record<DescriptorField, string>;

/** The longest descriptor an administrator may write: a sentence or two beside a score field. */
export const DESCRIPTOR_MAX = 300;

export interface BandRange {
  band: Band;
  from: number;
  to: number;
}

/**
 * The bands of a scale min–max: the low and the high band take three tenths of the range each (rounded), the middle
 * the rest. A scale too short for three (0–1, 0–2) has no middle band.
 */
export function scoreBands(min: number, max: number): BandRange[] {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min) return [];
  const edge = Math.round((max - min) * 0.3);
  const lowTo = min + edge;
  const highFrom = Math.max(lowTo + 1, max - edge);
  const bands: BandRange[] = [{ band: "low", from: min, to: lowTo }];
  if (highFrom - 1 >= lowTo + 1) bands.push({ band: "mid", from: lowTo + 1, to: highFrom - 1 });
  bands.push({ band: "high", from: highFrom, to: max });
  return bands;
}

/** The band a score falls in, or null for no score or one outside the scale. */
export function bandOf(score: number | null | undefined, min: number, max: number): Band | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  return scoreBands(min, max).find((b) => score >= b.from && score <= b.to)?.band ?? null;
}

/** A band's words in a language: English falls back to the Vietnamese when not written. */
export function descriptorText(d: Descriptors | undefined, band: Band, lang: "vi" | "en"): string {
  if (!d) return "";
  const own = d[`band_${band}_${lang}`];
  return own || d[`band_${band}_vi`];
}
