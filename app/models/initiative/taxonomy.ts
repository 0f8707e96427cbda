/**
 * The fixed vocabularies of docs/domain.md: reform areas (Nghị quyết 76/NQ-CP), procedure domains,
 * author types and scopes. Labels live in the i18n dictionaries under the same keys.
 */
export const REFORM_AREAS = [
  "institutional",
  "procedures",
  "apparatus",
  "civil_service",
  "public_finance",
  "digital_government",
] as const;
export type ReformArea = (typeof REFORM_AREAS)[number];

export const PROCEDURE_DOMAINS = [
  "land",
  "construction",
  "investment",
  "business_registration",
  "civil_status",
  "certification",
  "labour_social",
  "administrative_sanctions",
  "other",
] as const;
export type ProcedureDomain = (typeof PROCEDURE_DOMAINS)[number];

export const AUTHOR_TYPES = ["individual", "organisation", "business"] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export const SCOPE_TYPES = ["city", "agency", "unit"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export const RECOMMENDATIONS = ["recognise", "reject", "discuss"] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CONFLICT_TYPES = ["relationship", "same_organisation", "other"] as const;
export type ConflictType = (typeof CONFLICT_TYPES)[number];
