/**
 * Full-text search on SQLite: the FTS5 table `publication_fts` (migration 0005), kept by triggers.
 * Ranked with bm25 and column weights, so a word in the title counts ten times a word in the body.
 */
import { sql } from "kysely";
import type { MatchPart, MatchPlan } from "./search.server";

export const TITLE_WEIGHT = 10.0;
export const BODY_WEIGHT = 1.0;

/** Terms are folded [a-z0-9]+ words (see searchTerms), so quoting each one is all FTS5 needs. */
export function ftsQuery(terms: string[], part: MatchPart = "any"): string {
  const all = terms.map((t) => `"${t}"`).join(" ");
  if (part === "title") return `{title} : (${all})`;
  if (part === "notTitle") return `(${all}) NOT {title} : (${all})`;
  return all;
}

export function sqliteMatch(terms: string[]): MatchPlan {
  const matches = sql<{ id: number; score: number }>`(
    select rowid as id, bm25(publication_fts, ${sql.lit(TITLE_WEIGHT)}, ${sql.lit(BODY_WEIGHT)}) as score
    from publication_fts where publication_fts match ${ftsQuery(terms)})`;
  return {
    join: matches.as("m"),
    where: null,
    score: sql<number>`m.score`,
    // bm25 is lower for better matches
    direction: "asc",
  };
}

/** The ids that match, as a derived table to join on `m.id` (FTS5 then drives the join, lazily). */
export function sqliteMatchIds(terms: string[], part: MatchPart) {
  return sql<{ id: number }>`(select rowid as id from publication_fts where publication_fts match ${ftsQuery(terms, part)})`.as("m");
}
