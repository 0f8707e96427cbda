/**
 * The public list: a search when the query has words (ranked, or in tiers when there are many
 * matches), otherwise keyset pages; plus the home page's newest and the filters' choices.
 */
import { sql } from "kysely";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { countOf, levelIdOf, matchedBase, withFilters } from "./filters.server";
import { MAX_SEARCH_PAGE, PAGE_SIZE, RANK_CAP, type ListParams, type ListResult } from "./list-query";
import { keysetPage } from "./paging.server";
import { cardColumns, publishedBase, toCard, type Base, type Executor, type PublicCard, type Row } from "./published.server";
import { matchAll, matchPlan, tiers, type Cond } from "./search.server";

export type { ListParams, Sort } from "./list-query";
export type { PublicCard } from "./published.server";

export async function listPublished(db: Executor, p: ListParams): Promise<ListResult<PublicCard>> {
  const levelId = await levelIdOf(db, p.level);
  if (p.terms.length > 0) return searchList(db, p, levelId);
  return keysetPage(db, p, levelId);
}

/**
 * Search results. Up to RANK_CAP matches, every match is scored (bm25 with the title weighing ten
 * times the body; ts_rank on PostgreSQL) and sorted as asked. Beyond that, scoring every match would
 * cost in proportion to the matches, so the order is by tiers instead: initiatives with every word in
 * the title first, then the others, each tier newest first; each page reads only its own rows.
 * The count shown stops at COUNT_CAP ("more than 1,000").
 */
async function searchList(db: Executor, asked: ListParams, levelId: number | null | undefined): Promise<ListResult<PublicCard>> {
  // The prefix tier comes after every whole-word match. With more of those than a search can page through
  // (COUNT_CAP = MAX_SEARCH_PAGE pages), it can never be shown: it is left out, and with it the cost of a prefix
  // query, which reads every word the prefix begins before returning a row.
  let p = asked;
  let counted: Awaited<ReturnType<typeof countOf>> | undefined;
  if (asked.search.prefix) {
    const whole = { ...asked, search: { ...asked.search, prefix: null } };
    const wholeCount = await countOf(db, whole, levelId);
    if (wholeCount.capped) [p, counted] = [whole, wholeCount];
  }
  counted ??= await countOf(db, p, levelId);
  const offset = (p.page - 1) * PAGE_SIZE;
  const scored = !counted.capped && counted.total <= RANK_CAP;
  const rows = !scored ? await largeSearchPage(db, p, levelId, offset) : await rankedSearchPage(db, p, levelId, offset);
  const more = rows.length > PAGE_SIZE && p.page < MAX_SEARCH_PAGE;
  return {
    items: rows.slice(0, PAGE_SIZE).map(toCard),
    total: counted.total,
    totalIsCapped: counted.capped,
    next: more ? { page: p.page + 1 } : null,
    prev: p.page > 1 ? { page: p.page - 1 } : null,
  };
}

async function rankedSearchPage(db: Executor, p: ListParams, levelId: number | null | undefined, offset: number): Promise<Row[]> {
  const plan = matchPlan(db, p, levelId);
  let q = withFilters(publishedBase(db), p, levelId) as unknown as Base;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the match table is chosen at run time, so Kysely cannot type its columns
  q = q.innerJoin(plan.join, (j) => j.onRef("m.id" as any, "=", "p.initiative_id")) as unknown as Base;
  let ordered = cardColumns(q);
  if (p.sort === "relevance") ordered = ordered.orderBy(sql`m.tier`).orderBy(sql`m.score`, plan.direction);
  else if (p.sort === "commended") ordered = ordered.orderBy("p.commendation_rank", "desc");
  ordered = ordered.orderBy("p.published_at", "desc").orderBy("p.initiative_id", "desc");
  return (await ordered
    .limit(PAGE_SIZE + 1)
    .offset(offset)
    .execute()) as Row[];
}

/**
 * Many matches: pages are read tier by tier, each tier in the index's own order (newest submissions first), so a
 * page costs its own rows. Relevance: the tiers of search.server.ts, the phrase and words tiers split into title
 * matches first. Most commended: one tier per commendation rank. Newest: one tier (initiative order, close to
 * publication order).
 */
async function largeSearchPage(db: Executor, p: ListParams, levelId: number | null | undefined, offset: number): Promise<Row[]> {
  type Tier = { cond: Cond; extra?: (q: Base) => Base };
  const every: Cond = { all: [matchAll(p)], none: [] };
  let list: Tier[];
  if (p.sort === "relevance") list = tiers(p, true).map((cond) => ({ cond }));
  else if (p.sort === "commended") {
    const ranks = await db.selectFrom("commendation_levels").select("rank").distinct().orderBy("rank", "desc").execute();
    list = [...ranks.map((r) => Number(r.rank)), 0].map((rank) => ({
      cond: every,
      extra: (q: Base) => q.where("p.commendation_rank", "=", rank),
    }));
  } else list = [{ cond: every }];

  const rows: Row[] = [];
  let skip = offset;
  for (const tier of list) {
    const want = PAGE_SIZE + 1 - rows.length;
    if (want <= 0) break;
    const { query, order } = matchedBase(db, p, levelId, tier.cond);
    const q = tier.extra ? tier.extra(query) : query;
    // Read first, count only when the page starts past this tier's end: the first pages (nearly every
    // request) then cost their own rows, and a count never goes beyond the offset (at most 1,000 rows).
    const got = (await cardColumns(q).orderBy(sql.ref(order), "desc").limit(want).offset(skip).execute()) as Row[];
    rows.push(...got);
    if (got.length === 0 && skip > 0) skip -= (await countOf(db, p, levelId, tier.cond, tier.extra, skip)).total;
    else skip = 0;
  }
  return rows;
}

export async function latestPublished(db: Executor, limit = 6): Promise<PublicCard[]> {
  const rows = (await cardColumns(publishedBase(db))
    .orderBy("p.published_at", "desc")
    .orderBy("p.initiative_id", "desc")
    .limit(limit)
    .execute()) as Row[];
  return rows.map(toCard);
}

export interface FilterOptions {
  levels: { code: string; nameVi: string; nameEn: string }[];
  agencies: { id: number; name: string }[];
  units: { id: number; name: string }[];
  years: number[];
}

// Made once: a collator costs more to make than the page's hundred comparisons.
const collator = new Intl.Collator("vi");

/**
 * The choices change only with public content: units, agencies, levels and publications all bump the public pages'
 * version in the writing transaction (migration 0020). So the list page reads that one row and reuses the options it
 * made for the same version and year, instead of four queries and two sorts per search. The version is read first:
 * options made from newer rows than their version says are only remade once more, never served stale.
 */
const remembered = new WeakMap<object, { key: string; options: FilterOptions }>();

export async function filterOptions(db: Executor, now = new Date()): Promise<FilterOptions> {
  const key = `${await publicPagesVersion(db)}:${now.getUTCFullYear()}`;
  const hit = remembered.get(db);
  if (hit?.key === key) return hit.options;
  const options = await readFilterOptions(db, now);
  remembered.set(db, { key, options });
  return options;
}

async function readFilterOptions(db: Executor, now: Date): Promise<FilterOptions> {
  const [levels, agencies, units, first] = await Promise.all([
    db.selectFrom("commendation_levels").select(["code", "name_vi", "name_en"]).orderBy("rank", "desc").execute(),
    db.selectFrom("agencies").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("units").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("publications").select("published_at").orderBy("published_at").limit(1).executeTakeFirst(),
  ]);
  const lastYear = now.getUTCFullYear();
  const firstYear = first ? Math.min(Number(first.published_at.slice(0, 4)), lastYear) : lastYear;
  const years: number[] = [];
  for (let y = lastYear; y >= firstYear; y--) years.push(y);
  return {
    levels: levels.map((l) => ({ code: l.code, nameVi: l.name_vi, nameEn: l.name_en })),
    agencies: agencies.sort((a, b) => collator.compare(a.name, b.name)),
    units: units.sort((a, b) => collator.compare(a.name, b.name)),
    years,
  };
}
