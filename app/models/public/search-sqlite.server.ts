/**
 * Full-text search on SQLite: the FTS5 table `publication_fts` (migrations 0005, 0019), kept by triggers, with the
 * columns title, body, labels (folded by the tokenizer) and exact (the exact-diacritic tokens). Ranked by tier, then
 * bm25 with column weights, so a word in the title counts ten times a word in the body or the labels.
 */
import { sql } from "kysely";
import type { ListParams } from "./list-query";
import type { MatchPlan } from "./search.server";
import { ladder, matchAll, type Cond, type Level } from "./search-tiers";

export const TITLE_WEIGHT = 10.0;
export const BODY_WEIGHT = 1.0;
export const LABELS_WEIGHT = 1.0;

/** Words are folded [a-z0-9]+ words or exact tokens (see search-terms.ts), so quoting each one is all FTS5 needs. */
export function ftsLevel(l: Level): string {
  const cols = l.exact ? "{exact}" : l.title ? "{title}" : "{title body labels}";
  if (l.phrase) return `${cols} : "${l.words.join(" ")}"${l.prefix ? "*" : ""}`;
  const last = l.words.length - 1;
  return `${cols} : (${l.words.map((w, i) => `"${w}"${l.prefix && i === last ? "*" : ""}`).join(" ")})`;
}

export function ftsQuery(cond: Cond): string {
  const all = cond.all.map((l) => `(${ftsLevel(l)})`).join(" AND ");
  return cond.none.length ? `${all} NOT (${cond.none.map((l) => `(${ftsLevel(l)})`).join(" OR ")})` : all;
}

export function sqliteMatch(p: ListParams): MatchPlan {
  const levels = ladder(p, false);
  const all = ftsQuery({ all: [matchAll(p)], none: [] });
  // The tier: the first level a row meets. Each level's rows are read once (a non-correlated IN list); the last
  // level is the whole match set and needs no test.
  const cases = levels
    .slice(0, -1)
    .map(
      (l, i) =>
        sql`when rowid in (select rowid from publication_fts where publication_fts match ${ftsQuery({ all: [l], none: [] })}) then ${sql.lit(i)}`,
    );
  const tier = cases.length ? sql<number>`case ${sql.join(cases, sql` `)} else ${sql.lit(levels.length - 1)} end` : sql<number>`0`;
  const matches = sql<{ id: number; score: number; tier: number }>`(
    select rowid as id, bm25(publication_fts, ${sql.lit(TITLE_WEIGHT)}, ${sql.lit(BODY_WEIGHT)}, ${sql.lit(LABELS_WEIGHT)}, 0.0) as score,
      ${tier} as tier
    from publication_fts where publication_fts match ${all})`;
  // bm25 is lower for better matches
  return { join: matches.as("m"), direction: "asc" };
}

/** The ids that meet `cond`, as a derived table to join on `m.id` (FTS5 then drives the join, lazily). */
export function sqliteMatchIds(cond: Cond) {
  return sql<{ id: number }>`(select rowid as id from publication_fts where publication_fts match ${ftsQuery(cond)})`.as("m");
}
