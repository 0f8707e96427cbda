/** The names a publication may show, as stored in `publications.co_author_names` (a JSON array of strings). */
export function parseCoAuthorNames(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
