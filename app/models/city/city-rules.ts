/**
 * The city level's rules shared by the server and its pages (no server code): the nomination's own small status,
 * its certificate numbers and the default city-level rubric (docs/decisions/039-city-level-round.md).
 */

/** A nomination's status; the initiative itself stays `published` throughout. */
export const NOMINATION_STATUSES = ["nominated", "in_review", "recognised", "not_recognised"] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** "TP-2026-001": the city level's own series, one per round year, apart from the base level's CN-2026-0001. */
export const CITY_CERTIFICATE_NUMBER = /^TP-(\d{4})-(\d{3,})$/;

export function formatCityCertificateNumber(year: number, n: number): string {
  return `TP-${year}-${String(n).padStart(3, "0")}`;
}

/** The award, named as the certificate page names a commendation level. */
export const CITY_AWARD = {
  code: "city_capital_award",
  nameVi: "Bằng Sáng kiến Thủ đô",
  nameEn: "Capital Initiative Award",
} as const;

/**
 * The first city-level rubric (Quyết định 16/2023/QĐ-UBND recognises initiatives of sector- or city-wide value):
 * replicability across the city weighs most. Made the first time a round is created; a round keeps its version.
 */
export const CITY_RUBRIC = [
  { key: "city_scope", label_vi: "Phạm vi ảnh hưởng toàn ngành, toàn Thành phố", label_en: "Sector- or city-wide reach", weight: 30 },
  { key: "proven_results", label_vi: "Hiệu quả đã được chứng minh khi áp dụng", label_en: "Results proven in use", weight: 30 },
  { key: "replicability", label_vi: "Khả năng nhân rộng ra các đơn vị khác", label_en: "Replicability in other units", weight: 25 },
  { key: "novelty", label_vi: "Tính mới, tính sáng tạo", label_en: "Novelty and creativity", weight: 15 },
] as const;

export const STATEMENT_MIN = 20;
export const STATEMENT_MAX = 3000;
export const ROUND_TITLE_MAX = 200;
