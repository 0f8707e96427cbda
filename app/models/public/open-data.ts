/**
 * The fields of the open-data files, in order: the CSV's and the XLSX sheet's columns. Each coded field is followed by
 * its Vietnamese label, so a reader needs no code list to read a row.
 */
export const OPEN_DATA_FIELDS = [
  "slug",
  "url",
  "title",
  "reform_area",
  "reform_area_vi",
  "procedure_domain",
  "procedure_domain_vi",
  "scope_type",
  "scope_type_vi",
  "place",
  "problem",
  "solution",
  "benefit",
  "author_name",
  "decided_at",
  "decision_reason",
  "commendation",
  "certificate_number",
  "published_at",
  "co_author_names",
  "campaign",
  "adoption_count",
  "adopted_at",
] as const;

/** Each JSON record's keys, in order: the CSV's fields with the English labels beside the Vietnamese ones. */
export const OPEN_DATA_JSON_FIELDS = [
  "slug",
  "url",
  "title",
  "reform_area",
  "reform_area_vi",
  "reform_area_en",
  "procedure_domain",
  "procedure_domain_vi",
  "procedure_domain_en",
  "scope_type",
  "scope_type_vi",
  "scope_type_en",
  "place",
  "problem",
  "solution",
  "benefit",
  "author_name",
  "decided_at",
  "decision_reason",
  "commendation",
  "commendation_en",
  "certificate_number",
  "published_at",
  "co_author_names",
  "campaign",
  "adoption_count",
  "adopted_at",
] as const;

export type OpenDataField = (typeof OPEN_DATA_FIELDS)[number];
export type OpenDataJsonField = (typeof OPEN_DATA_JSON_FIELDS)[number];
