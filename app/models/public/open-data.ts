/** The fields of the open-data files, in order: the CSV's columns and each JSON record's keys. */
export const OPEN_DATA_FIELDS = [
  "slug",
  "url",
  "title",
  "reform_area",
  "procedure_domain",
  "scope_type",
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
] as const;

export type OpenDataField = (typeof OPEN_DATA_FIELDS)[number];
