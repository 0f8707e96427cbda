/**
 * Search over published initiatives, ignoring case and Vietnamese diacritics both ways:
 * the query is folded with fold() ("CẢI CÁCH" → "cai cach", "đăng ký" → "dang ky") and matched against an
 * index of folded text. The engine-specific SQL lives in search-sqlite.server.ts and search-postgres.server.ts.
 */
import { sql, type AliasedRawBuilder, type Kysely, type RawBuilder, type Transaction } from "kysely";
import { engineOf } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { postgresMatch, postgresMatches } from "./search-postgres.server";
import { sqliteMatch, sqliteMatchIds } from "./search-sqlite.server";

/** Which matches: all terms anywhere, all terms in the title, or all terms but not all in the title. */
export type MatchPart = "any" | "title" | "notTitle";

/** How an engine narrows `publications as p` to the matches and scores them. */
export interface MatchPlan {
  /** a derived table to inner-join on `m.id = p.initiative_id` (SQLite) */
  join: AliasedRawBuilder<{ id: number; score: number }, "m"> | null;
  /** a condition on `p` (PostgreSQL) */
  where: RawBuilder<boolean> | null;
  score: RawBuilder<number>;
  /** the order that puts the best match first */
  direction: "asc" | "desc";
}

export { MAX_TERMS, searchTerms } from "./search-terms";

export function matchPlan(db: Kysely<Database> | Transaction<Database>, terms: string[]): MatchPlan {
  return engineOf(db) === "postgres" ? postgresMatch(terms) : sqliteMatch(terms);
}

/**
 * How to narrow `publications as p` to matches without scoring them: a join (SQLite, the index drives) or
 * a condition (PostgreSQL, the GIN index answers it).
 */
export function matchFilter(db: Kysely<Database> | Transaction<Database>, terms: string[], part: MatchPart) {
  return engineOf(db) === "postgres"
    ? { join: null, where: postgresMatches(terms, part), order: sql<number>`p.initiative_id` }
    : // ordering on the index's own rowid lets FTS5 hand rows over in order and stop at the page's end
      { join: sqliteMatchIds(terms, part), where: null, order: sql<number>`m.id` };
}
