/**
 * The public list's URL: filters, sort, cursors and page, read leniently (unknown or malformed values
 * are dropped, so an edited or old link still works). Pure: no database, no server code.
 */
import { z } from "zod";
import { PROCEDURE_DOMAINS, REFORM_AREAS, type ProcedureDomain, type ReformArea } from "../initiative/taxonomy";
import { searchQuery, searchTerms, type SearchQuery } from "./search-terms";

export const PAGE_SIZE = 20;
/** Relevance order cannot use keyset pagination; cap how deep a search can page. */
export const MAX_SEARCH_PAGE = 50;
/** Counting stops here: "more than 1,000" is as useful as the exact figure and costs nothing at scale. */
export const COUNT_CAP = 1000;
/**
 * Scoring a match (bm25 on SQLite, ts_rank on PostgreSQL) costs tens of microseconds: every match is scored only up
 * to this many; past it, pages are read tier by tier as past COUNT_CAP (docs/decisions/040-search-cpu-and-queue.md).
 */
export const RANK_CAP = 200;

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
  /** the phrase, exact words and prefix the tiers rank by (search-terms.ts) */
  search: SearchQuery;
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
  const sort: Sort = p.sort === "relevance" && terms.length === 0 ? "newest" : (p.sort ?? (terms.length ? "relevance" : "newest"));
  return { ...p, q: (p.q ?? "").trim(), terms, search: searchQuery(p.q ?? ""), sort, page: p.page ?? 1 };
}

/** A keyset position: the commendation rank (most commended order only), the publication time, the id. */
export interface Cursor {
  rank: number | null;
  at: string;
  id: number;
}

export function formatCursor(r: { commendation_rank: number; published_at: string; initiative_id: number }, sort: Sort): string {
  return sort === "commended" ? `${r.commendation_rank}~${r.published_at}~${r.initiative_id}` : `${r.published_at}~${r.initiative_id}`;
}

/** Only for a cursor that passed `parseListParams`. */
export function parseCursor(c: string): Cursor {
  const m = cursorRe.exec(c)!;
  return { rank: m[1] === undefined ? null : Number(m[1]), at: m[2], id: Number(m[3]) };
}

export interface ListResult<Item> {
  items: Item[];
  /** capped at COUNT_CAP */
  total: number;
  totalIsCapped: boolean;
  /** cursors (keyset) or page numbers (search by relevance) for the neighbours; null when there is none */
  next: { after?: string; page?: number } | null;
  prev: { before?: string; page?: number } | null;
}
