/** The list's conditions as SQL: its filters, the search's matches, and the capped count of either. */
import { sql, type SelectQueryBuilder } from "kysely";
import { COUNT_CAP, type ListParams } from "./list-query";
import { publishedBase, type Base, type Executor } from "./published.server";
import { matchAll, matchFilter, type Cond } from "./search.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter set for queries over different joins: only the "p" columns matter
export function withFilters<O>(qb: SelectQueryBuilder<any, any, O>, p: ListParams, levelId: number | null | undefined) {
  let q = qb;
  if (p.area) q = q.where("p.reform_area", "=", p.area);
  if (p.domain) q = q.where("p.procedure_domain", "=", p.domain);
  if (p.place === "city") q = q.where("p.scope_type", "=", "city");
  else if (p.place?.startsWith("agency:")) q = q.where("p.agency_id", "=", Number(p.place.slice(7)));
  else if (p.place?.startsWith("unit:")) q = q.where("p.unit_id", "=", Number(p.place.slice(5)));
  if (p.year) q = q.where("p.published_at", ">=", `${p.year}-01-01`).where("p.published_at", "<", `${p.year + 1}-01-01`);
  if (levelId !== undefined) q = q.where("p.commendation_level_id", "=", levelId ?? -1);
  return q;
}

/** The level's id for its code: undefined without a level filter, null for an unknown code (matches nothing). */
export async function levelIdOf(db: Executor, code: string | undefined): Promise<number | null | undefined> {
  if (!code) return undefined;
  const row = await db.selectFrom("commendation_levels").select("id").where("code", "=", code).executeTakeFirst();
  return row?.id ?? null;
}

/** The publications that meet `cond` (by default, every match), with the list's filters; on SQLite the full-text index drives the join. */
export function matchedBase(
  db: Executor,
  p: ListParams,
  levelId: number | null | undefined,
  cond: Cond = { all: [matchAll(p)], none: [] },
) {
  const m = matchFilter(db, cond);
  const from = m.join ? publishedBase(db, m.join) : publishedBase(db).where(m.where!);
  return { query: withFilters(from, p, levelId) as unknown as Base, order: m.order };
}

export async function countOf(
  db: Executor,
  p: ListParams,
  levelId: number | null | undefined,
  cond?: Cond,
  extra?: (q: Base) => Base,
  cap = COUNT_CAP,
) {
  let inner: Base;
  const unfiltered = !p.area && !p.domain && !p.place && !p.year && levelId === undefined && !extra;
  const m = p.terms.length > 0 && unfiltered ? matchFilter(db, cond ?? { all: [matchAll(p)], none: [] }) : null;
  if (m?.join) {
    // Every row of SQLite's index is a publication (its triggers keep them one to one): without filters the index
    // alone counts, with no read of the publications.
    const row = await db
      .selectFrom(
        db
          .selectFrom(m.join)
          .select(sql`1`.as("one"))
          .limit(cap + 1)
          .as("c"),
      )
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    return { total: Math.min(n, cap), capped: n > cap };
  }
  if (p.terms.length > 0) inner = matchedBase(db, p, levelId, cond).query;
  else inner = withFilters(publishedBase(db), p, levelId) as unknown as Base;
  if (extra) inner = extra(inner);
  const row = await db
    .selectFrom(
      inner
        .select(sql`1`.as("one"))
        .limit(cap + 1)
        .as("c"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, cap), capped: n > cap };
}
