/**
 * Search over published initiatives, ignoring case and Vietnamese diacritics both ways (the query is folded with
 * fold() and matched against an index of folded text), ranked in tiers (decision record 030):
 *  1. every word with the diacritics typed (tone-mark placement and NFC/NFD normalised: "hoá" = "hóa"), as a phrase,
 *  2. every word with the diacritics typed,
 *  3. the folded words as a phrase, 4. every folded word, 5. every word with the last one as a prefix ("ho tic").
 * The exact tiers apply only when the query has diacritics: a query typed without them has nothing to prefer.
 * Within a tier, the engine's relevance (title weighing most), then newest. The SQL of each engine lives in
 * search-sqlite.server.ts and search-postgres.server.ts; this module says what each tier asks for.
 */
import type { AliasedRawBuilder } from "kysely";
import { engineOf } from "../../../db/client";
import { type Cond } from "./search-tiers";
import type { Executor } from "./published.server";
import { postgresMatch, postgresMatches } from "./search-postgres.server";
import { sqliteMatch, sqliteMatchIds } from "./search-sqlite.server";
import type { ListParams } from "./list-query";

/** How an engine narrows `publications as p` to the matches and scores them: a derived table `m` to join on `m.id`. */
export interface MatchPlan {
  join: AliasedRawBuilder<{ id: number; score: number; tier: number }, "m">;
  /** the order that puts the best match first, after the tier */
  direction: "asc" | "desc";
}

export function matchPlan(db: Executor, p: ListParams, levelId: number | null | undefined): MatchPlan {
  return engineOf(db) === "postgres" ? postgresMatch(db, p, levelId) : sqliteMatch(p);
}

/**
 * How to narrow `publications as p` to the rows meeting `cond`, without scoring them: a join (SQLite, the index
 * drives) or a condition (PostgreSQL, the GIN index answers it).
 */
export function matchFilter(db: Executor, cond: Cond) {
  return engineOf(db) === "postgres"
    ? { join: null, where: postgresMatches(cond), order: "p.initiative_id" as const }
    : // ordering on the index's own rowid lets FTS5 hand rows over in order and stop at the page's end
      { join: sqliteMatchIds(cond), where: null, order: "m.id" as const };
}

export { MAX_TERMS, searchTerms } from "./search-terms";
export { ladder, matchAll, tiers, type Cond, type Level, type Search } from "./search-tiers";
