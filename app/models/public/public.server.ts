/**
 * What the public may see: published initiatives, read from `publications` (the public version written at
 * publication) and the reference tables, plus public attachments and decisions' certificate numbers.
 * Nothing here reads the initiatives table, authors, staff notes or reviews: a field the publication
 * does not hold cannot leak.
 */
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { PROCEDURE_DOMAINS, REFORM_AREAS, type ProcedureDomain, type ReformArea } from "../initiative/taxonomy";
import { getEnv, publicUrl } from "../../utils/env.server";
import { matchFilter, matchPlan, searchTerms, type MatchPart } from "./search.server";

type Executor = Kysely<Database> | Transaction<Database>;

export const PAGE_SIZE = 20;
/** Relevance order cannot use keyset pagination; cap how deep a search can page. */
export const MAX_SEARCH_PAGE = 50;
/** Counting stops here: "more than 1,000" is as useful as the exact figure and costs nothing at scale. */
export const COUNT_CAP = 1000;

export type Sort = "newest" | "commended" | "relevance";

const cursorRe = /^(?:(\d{1,4})~)?(\d{4}-\d{2}-\d{2}T[0-9:.]+Z)~(\d{1,12})$/;

const listSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  area: z.enum(REFORM_AREAS).optional().catch(undefined),
  domain: z.enum(PROCEDURE_DOMAINS).optional().catch(undefined),
  place: z
    .string()
    .regex(/^(city|agency:\d{1,9}|unit:\d{1,9})$/)
    .optional()
    .catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  level: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .optional()
    .catch(undefined),
  sort: z.enum(["newest", "commended", "relevance"]).optional().catch(undefined),
  after: z.string().regex(cursorRe).optional().catch(undefined),
  before: z.string().regex(cursorRe).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).optional().catch(undefined),
});

export interface ListParams {
  q: string;
  terms: string[];
  area?: ReformArea;
  domain?: ProcedureDomain;
  place?: string;
  year?: number;
  level?: string;
  sort: Sort;
  after?: string;
  before?: string;
  page: number;
}

/** Reads the list's URL. Unknown or malformed values are dropped, so an edited or old link still works. */
export function parseListParams(url: URL): ListParams {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const p = listSchema.parse(raw);
  const terms = searchTerms(p.q ?? "");
  const sort: Sort = p.sort === "relevance" && terms.length === 0 ? "newest" : p.sort ?? (terms.length ? "relevance" : "newest");
  return { ...p, q: (p.q ?? "").trim(), terms, sort, page: p.page ?? 1 };
}

export interface PublicCard {
  slug: string;
  title: string;
  excerpt: string;
  reformArea: string;
  procedureDomain: string | null;
  scopeType: string;
  placeName: string | null;
  decidedAt: string;
  publishedAt: string;
  authorName: string | null;
  level: { code: string; nameVi: string; nameEn: string; rank: number } | null;
}

type Row = {
  initiative_id: number;
  slug: string;
  title: string;
  problem: string;
  reform_area: string;
  procedure_domain: string | null;
  scope_type: string;
  decided_at: string;
  published_at: string;
  author_name: string | null;
  commendation_rank: number;
  level_code: string | null;
  level_vi: string | null;
  level_en: string | null;
  unit_name: string | null;
  agency_name: string | null;
};

function base(db: Executor) {
  return db
    .selectFrom("publications as p")
    .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
    .leftJoin("units as u", "u.id", "p.unit_id")
    .leftJoin("agencies as a", "a.id", "p.agency_id");
}

type Base = ReturnType<typeof base>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter set for queries over different joins: only the "p" columns matter
function withFilters<O>(qb: SelectQueryBuilder<any, any, O>, p: ListParams, levelId: number | null | undefined) {
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

function cardColumns(qb: Base) {
  return qb.select([
    "p.initiative_id",
    "p.slug",
    "p.title",
    sql<string>`substr(p.problem, 1, 320)`.as("problem"),
    "p.reform_area",
    "p.procedure_domain",
    "p.scope_type",
    "p.decided_at",
    "p.published_at",
    "p.author_name",
    "p.commendation_rank",
    "l.code as level_code",
    "l.name_vi as level_vi",
    "l.name_en as level_en",
    "u.name as unit_name",
    "a.name as agency_name",
  ]);
}

function toCard(r: Row): PublicCard {
  return {
    slug: r.slug,
    title: r.title,
    excerpt: r.problem,
    reformArea: r.reform_area,
    procedureDomain: r.procedure_domain,
    scopeType: r.scope_type,
    placeName: r.scope_type === "unit" ? r.unit_name : r.scope_type === "agency" ? r.agency_name : null,
    decidedAt: r.decided_at,
    publishedAt: r.published_at,
    authorName: r.author_name,
    level: r.level_code ? { code: r.level_code, nameVi: r.level_vi ?? "", nameEn: r.level_en ?? "", rank: Number(r.commendation_rank) } : null,
  };
}

function cursorOf(r: Row, sort: Sort): string {
  return sort === "commended" ? `${r.commendation_rank}~${r.published_at}~${r.initiative_id}` : `${r.published_at}~${r.initiative_id}`;
}

function parseCursor(c: string) {
  const m = cursorRe.exec(c)!;
  return { rank: m[1] === undefined ? null : Number(m[1]), at: m[2], id: Number(m[3]) };
}

export interface ListResult {
  items: PublicCard[];
  /** null when counting was cut at COUNT_CAP */
  total: number;
  totalIsCapped: boolean;
  /** cursors (keyset) or page numbers (search by relevance) for the neighbours; null when there is none */
  next: { after?: string; page?: number } | null;
  prev: { before?: string; page?: number } | null;
}

async function levelIdOf(db: Executor, code: string | undefined): Promise<number | null | undefined> {
  if (!code) return undefined;
  const row = await db.selectFrom("commendation_levels").select("id").where("code", "=", code).executeTakeFirst();
  return row?.id ?? null;
}

export async function listPublished(db: Executor, p: ListParams): Promise<ListResult> {
  const levelId = await levelIdOf(db, p.level);
  if (p.terms.length > 0) return searchList(db, p, levelId);

  const filtered = withFilters(base(db), p, levelId) as unknown as Base;
  const commended = p.sort === "commended";
  const key = (dir: "<" | ">", c: string) => {
    const k = parseCursor(c);
    return commended
      ? sql<boolean>`(p.commendation_rank, p.published_at, p.initiative_id) ${sql.raw(dir)} (${k.rank ?? 0}, ${k.at}, ${k.id})`
      : sql<boolean>`(p.published_at, p.initiative_id) ${sql.raw(dir)} (${k.at}, ${k.id})`;
  };
  const ordered = (qb: Base, dir: "asc" | "desc") => {
    let q = qb;
    if (commended) q = q.orderBy("p.commendation_rank", dir);
    return q.orderBy("p.published_at", dir).orderBy("p.initiative_id", dir);
  };

  let rows: Row[];
  let hasMoreForward = false;
  let hasMoreBackward = false;
  if (p.before) {
    // Walk backwards from the cursor, then put the page back in display order.
    const back = (await cardColumns(ordered(filtered.where(key(">", p.before)), "asc")).limit(PAGE_SIZE + 1).execute()) as Row[];
    hasMoreBackward = back.length > PAGE_SIZE;
    rows = back.slice(0, PAGE_SIZE).reverse();
    hasMoreForward = true;
  } else {
    const q = p.after ? filtered.where(key("<", p.after)) : filtered;
    const fwd = (await cardColumns(ordered(q, "desc")).limit(PAGE_SIZE + 1).execute()) as Row[];
    hasMoreForward = fwd.length > PAGE_SIZE;
    rows = fwd.slice(0, PAGE_SIZE);
    hasMoreBackward = Boolean(p.after) && rows.length > 0;
  }
  if (p.after && rows.length === 0) hasMoreBackward = false;

  const counted = await countOf(db, p, levelId);
  return {
    items: rows.map(toCard),
    total: counted.total,
    totalIsCapped: counted.capped,
    next: hasMoreForward && rows.length ? { after: cursorOf(rows[rows.length - 1], p.sort) } : null,
    prev: hasMoreBackward && rows.length ? { before: cursorOf(rows[0], p.sort) } : null,
  };
}

/** The publications that match, with the list's filters; on SQLite the full-text index drives the join. */
function matchedBase(db: Executor, p: ListParams, levelId: number | null | undefined, part: MatchPart) {
  const m = matchFilter(db, p.terms, part);
  const from = m.join
    ? (db
        .selectFrom(m.join)
        .crossJoin("publications as p")
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the match table is chosen at run time, so Kysely cannot type its columns
        .whereRef("p.initiative_id", "=", sql.ref("m.id") as any)
        .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
        .leftJoin("units as u", "u.id", "p.unit_id")
        .leftJoin("agencies as a", "a.id", "p.agency_id") as unknown as Base)
    : base(db).where(m.where!);
  return { query: withFilters(from, p, levelId) as unknown as Base, order: m.order };
}

async function countOf(
  db: Executor,
  p: ListParams,
  levelId: number | null | undefined,
  part: MatchPart = "any",
  extra?: (q: Base) => Base,
  cap = COUNT_CAP,
) {
  let inner: Base;
  if (p.terms.length > 0) inner = matchedBase(db, p, levelId, part).query;
  else inner = withFilters(base(db), p, levelId) as unknown as Base;
  if (extra) inner = extra(inner);
  const row = await db
    .selectFrom(inner.select(sql`1`.as("one")).limit(cap + 1).as("c"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, cap), capped: n > cap };
}

/**
 * Search results. Up to COUNT_CAP matches, every match is scored (bm25 with the title weighing ten
 * times the body; ts_rank on PostgreSQL) and sorted as asked. Beyond that, scoring every match would
 * cost in proportion to the matches, so the order is by tiers instead: initiatives with every word in
 * the title first, then the others, each tier newest first; each page reads only its own rows.
 */
async function searchList(db: Executor, p: ListParams, levelId: number | null | undefined): Promise<ListResult> {
  const counted = await countOf(db, p, levelId);
  const offset = (p.page - 1) * PAGE_SIZE;
  const rows = counted.capped ? await largeSearchPage(db, p, levelId, offset) : await rankedSearchPage(db, p, levelId, offset);
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
  const plan = matchPlan(db, p.terms);
  let q = withFilters(base(db), p, levelId) as unknown as Base;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the match table is chosen at run time, so Kysely cannot type its columns
  if (plan.join) q = q.innerJoin(plan.join, (j) => j.onRef("m.id" as any, "=", "p.initiative_id")) as unknown as Base;
  if (plan.where) q = q.where(plan.where);
  let ordered = cardColumns(q);
  if (p.sort === "relevance") ordered = ordered.orderBy(plan.score, plan.direction);
  else if (p.sort === "commended") ordered = ordered.orderBy("p.commendation_rank", "desc");
  ordered = ordered.orderBy("p.published_at", "desc").orderBy("p.initiative_id", "desc");
  return (await ordered.limit(PAGE_SIZE + 1).offset(offset).execute()) as Row[];
}

/**
 * Many matches: pages are read tier by tier, each tier in the index's own order (newest submissions
 * first), so a page costs its own rows. Relevance: every word in the title, then the rest. Most
 * commended: one tier per commendation rank. Newest: one tier (initiative order, close to publication order).
 */
async function largeSearchPage(db: Executor, p: ListParams, levelId: number | null | undefined, offset: number): Promise<Row[]> {
  type Tier = { part: MatchPart; extra?: (q: Base) => Base };
  let tiers: Tier[];
  if (p.sort === "relevance") tiers = [{ part: "title" }, { part: "notTitle" }];
  else if (p.sort === "commended") {
    const ranks = await db.selectFrom("commendation_levels").select("rank").distinct().orderBy("rank", "desc").execute();
    tiers = [...ranks.map((r) => Number(r.rank)), 0].map((rank) => ({ part: "any" as const, extra: (q: Base) => q.where("p.commendation_rank", "=", rank) }));
  } else tiers = [{ part: "any" }];

  const rows: Row[] = [];
  let skip = offset;
  for (const tier of tiers) {
    const want = PAGE_SIZE + 1 - rows.length;
    if (want <= 0) break;
    const { query, order } = matchedBase(db, p, levelId, tier.part);
    const q = tier.extra ? tier.extra(query) : query;
    // Read first, count only when the page starts past this tier's end: the first pages (nearly every
    // request) then cost their own rows, and a count never goes beyond the offset (at most 1,000 rows).
    const got = (await cardColumns(q).orderBy(order, "desc").limit(want).offset(skip).execute()) as Row[];
    rows.push(...got);
    if (got.length === 0 && skip > 0) skip -= (await countOf(db, p, levelId, tier.part, tier.extra, skip)).total;
    else skip = 0;
  }
  return rows;
}

export async function latestPublished(db: Executor, limit = 6): Promise<PublicCard[]> {
  const rows = (await cardColumns(base(db))
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

export async function filterOptions(db: Executor, now = new Date()): Promise<FilterOptions> {
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
  const collator = new Intl.Collator("vi");
  return {
    levels: levels.map((l) => ({ code: l.code, nameVi: l.name_vi, nameEn: l.name_en })),
    agencies: agencies.sort((a, b) => collator.compare(a.name, b.name)),
    units: units.sort((a, b) => collator.compare(a.name, b.name)),
    years,
  };
}

export interface PublicAttachment {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

export interface PublicInitiative extends PublicCard {
  problem: string;
  solution: string;
  benefit: string;
  decisionReason: string;
  certificateNumber: string | null;
  attachments: PublicAttachment[];
}

/** The public version of one published initiative, or null (unknown, unpublished and withdrawn alike). */
export async function getPublishedBySlug(db: Executor, slug: string): Promise<PublicInitiative | null> {
  if (!/^[a-z0-9-]{1,200}$/.test(slug)) return null;
  const row = await cardColumns(base(db))
    .select(["p.problem as full_problem", "p.solution", "p.benefit", "p.decision_reason", "p.certificate_number"])
    .where("p.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  const attachments = await db
    .selectFrom("attachments")
    .select(["id", "filename", "mime", "size"])
    .where("initiative_id", "=", row.initiative_id)
    .where("is_public", "=", 1)
    .orderBy("id")
    .execute();
  return {
    ...toCard(row as Row),
    problem: row.full_problem,
    solution: row.solution,
    benefit: row.benefit,
    decisionReason: row.decision_reason,
    certificateNumber: row.certificate_number,
    attachments,
  };
}

/** A public attachment of a published initiative (both checked), for the download route. */
export async function getPublicAttachment(db: Executor, slug: string, attachmentId: number) {
  return db
    .selectFrom("attachments as f")
    .innerJoin("publications as p", "p.initiative_id", "f.initiative_id")
    .select(["f.id", "f.sha256", "f.filename", "f.mime", "f.size"])
    .where("p.slug", "=", slug)
    .where("f.id", "=", attachmentId)
    .where("f.is_public", "=", 1)
    .executeTakeFirst();
}

/** Changes whenever any publication changes (a trigger bumps it): the validator of bulk outputs. */
export async function publicationsVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom("public_state").select("version").where("key", "=", "publications").executeTakeFirst();
  return Number(row?.version ?? 0);
}

export interface OpenDataRow {
  slug: string;
  title: string;
  reform_area: string;
  procedure_domain: string | null;
  scope_type: string;
  place: string | null;
  problem: string;
  solution: string;
  benefit: string;
  author_name: string | null;
  decided_at: string;
  decision_reason: string;
  commendation: string | null;
  certificate_number: string | null;
  published_at: string;
}

/** Every published initiative's public fields, in batches by id (constant memory however many there are). */
export async function* openDataRows(db: Executor, batch = 500): AsyncGenerator<OpenDataRow & { id: number }> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("publications as p")
      .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
      .leftJoin("units as u", "u.id", "p.unit_id")
      .leftJoin("agencies as a", "a.id", "p.agency_id")
      .select([
        "p.initiative_id as id",
        "p.slug",
        "p.title",
        "p.reform_area",
        "p.procedure_domain",
        "p.scope_type",
        "u.name as unit_name",
        "a.name as agency_name",
        "p.problem",
        "p.solution",
        "p.benefit",
        "p.author_name",
        "p.decided_at",
        "p.decision_reason",
        "l.name_vi as commendation",
        "p.certificate_number",
        "p.published_at",
      ])
      .where("p.initiative_id", ">", after)
      .orderBy("p.initiative_id")
      .limit(batch)
      .execute();
    for (const r of rows) {
      const { unit_name, agency_name, ...rest } = r;
      yield { ...rest, place: r.scope_type === "unit" ? unit_name : r.scope_type === "agency" ? agency_name : null };
    }
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}

/** The newest publications for the feed and the sitemap. */
export async function recentPublications(db: Executor, limit: number) {
  return db
    .selectFrom("publications as p")
    .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
    .select(["p.slug", "p.title", "p.problem", "p.benefit", "p.author_name", "p.published_at", "p.decided_at", "l.name_vi as level_vi", "l.name_en as level_en"])
    .orderBy("p.published_at", "desc")
    .orderBy("p.initiative_id", "desc")
    .limit(limit)
    .execute();
}

/** The site's public address (PUBLIC_URL, which the server sets to its own address when none is configured). */
export function siteOrigin(_request: Request): string {
  // Never the request's Host header: a forged Host would otherwise end up in og:url, the feed and QR codes,
  // and from there in shared caches. The server sets PUBLIC_URL to its own address when none is configured.
  return publicUrl(getEnv());
}
