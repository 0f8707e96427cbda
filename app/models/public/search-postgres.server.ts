/**
 * Full-text search on PostgreSQL: a GIN index over a tsvector of folded text split into [a-z0-9]+ words, as the query
 * is (migration 0011_search_words, `sk_search_words`). The expression here must stay identical to the index's, or
 * PostgreSQL cannot use the index (tests/integration/search-parity.test.ts checks the plan).
 * Title words carry weight A, body words weight B; ts_rank then puts title matches first.
 */
import { sql } from "kysely";
import type { MatchPart, MatchPlan } from "./search.server";

const VECTOR = sql`(setweight(to_tsvector('simple', sk_search_words(p.title)), 'A') || setweight(to_tsvector('simple', sk_search_words(p.problem || ' ' || p.solution || ' ' || p.benefit)), 'B'))`;

/** Terms are folded [a-z0-9]+ words (see searchTerms): safe as to_tsquery operands. */
export function tsQuery(terms: string[], part: MatchPart = "any"): string {
  const all = terms.join(" & ");
  const title = terms.map((t) => `${t}:A`).join(" & ");
  if (part === "title") return title;
  if (part === "notTitle") return `(${all}) & !(${title})`;
  return all;
}

export function postgresMatch(terms: string[]): MatchPlan {
  const query = sql`to_tsquery('simple', ${tsQuery(terms)})`;
  return {
    join: null,
    where: sql<boolean>`${VECTOR} @@ ${query}`,
    score: sql<number>`ts_rank(${VECTOR}, ${query})`,
    direction: "desc",
  };
}

export function postgresMatches(terms: string[], part: MatchPart) {
  return sql<boolean>`${VECTOR} @@ to_tsquery('simple', ${tsQuery(terms, part)})`;
}
