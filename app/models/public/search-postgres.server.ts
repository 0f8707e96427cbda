/**
 * Full-text search on PostgreSQL: a GIN index over a tsvector of folded text split into [a-z0-9]+ words, as the query
 * is (migrations 0011 and 0019, `sk_search_words`). Title words carry weight A, body words B, the labels C and the
 * exact-diacritic tokens D. The expression here must stay identical to the index's, or PostgreSQL cannot use the
 * index (tests/integration/search-parity.test.ts checks the plan).
 */
import { sql, type RawBuilder } from "kysely";
import { withFilters } from "./filters.server";
import type { ListParams } from "./list-query";
import type { Executor } from "./published.server";
import type { MatchPlan } from "./search.server";
import { ladder, matchAll, type Cond, type Level } from "./search-tiers";

export const VECTOR = sql`(setweight(to_tsvector('simple', sk_search_words(p.title)), 'A') || setweight(to_tsvector('simple', sk_search_words(p.problem || ' ' || p.solution || ' ' || p.benefit)), 'B') || setweight(to_tsvector('simple', sk_search_words(p.search_labels)), 'C') || setweight(to_tsvector('simple', p.search_exact), 'D'))`;
/** ts_rank's weights {D, C, B, A}: the exact tokens repeat the other words, so they add nothing to the rank. */
const RANK_WEIGHTS = "{0, 0.2, 0.4, 1.0}";

/** Words are folded [a-z0-9]+ words or exact tokens (see search-terms.ts): safe as to_tsquery operands. */
export function tsLevel(l: Level): string {
  const w = l.exact ? "D" : l.title ? "A" : "ABC";
  const last = l.words.length - 1;
  const items = l.words.map((x, i) => `${x}:${l.prefix && i === last ? "*" : ""}${w}`);
  return `(${items.join(l.phrase ? " <-> " : " & ")})`;
}

export function tsQuery(cond: Cond): string {
  return [...cond.all.map(tsLevel), ...cond.none.map((l) => `!${tsLevel(l)}`)].join(" & ");
}

const query = (cond: Cond) => sql`to_tsquery('simple', ${tsQuery(cond)})`;

export function postgresMatches(cond: Cond): RawBuilder<boolean> {
  return sql<boolean>`${VECTOR} @@ ${query(cond)}`;
}

/**
 * The matches with the list's filters, each with its tier and rank. The vector is computed once per match in an
 * inner query (OFFSET 0 keeps PostgreSQL from inlining it, which would compute it again for every tier's test).
 */
export function postgresMatch(db: Executor, p: ListParams, levelId: number | null | undefined): MatchPlan {
  const levels = ladder(p, false);
  const all = query({ all: [matchAll(p)], none: [] });
  const inner = withFilters(
    db
      .selectFrom("publications as p")
      .select(["p.initiative_id as id", VECTOR.as("v")])
      .where(sql<boolean>`${VECTOR} @@ ${all}`),
    p,
    levelId,
  ).offset(0);
  const cases = levels.slice(0, -1).map((l, i) => sql`when x.v @@ ${query({ all: [l], none: [] })} then ${sql.lit(i)}`);
  const tier = cases.length ? sql<number>`case ${sql.join(cases, sql` `)} else ${sql.lit(levels.length - 1)} end` : sql<number>`0`;
  const matches = sql<{ id: number; score: number; tier: number }>`(
    select x.id, ts_rank(${RANK_WEIGHTS}::float4[], x.v, ${all}) as score, ${tier} as tier from (${inner}) as x)`;
  return { join: matches.as("m"), direction: "desc" };
}
