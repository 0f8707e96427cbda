/**
 * Similar initiatives, found through the full-text indexes and scored by similarity.ts (docs/decisions/036):
 *  - for a citizen on /submit, among published initiatives only (`publication_fts` / `publications_search`);
 *  - for the secretary at screening, among all initiatives, whatever their status (`initiative_fts` /
 *    `initiatives_similar`, migration 0023: staff-only).
 * Three steps, each bounded whatever the table's size: the index gives the newest CANDIDATES rows whose titles share
 * two of the title's neighbouring-word pairs (on PostgreSQL: their words); their titles are compared and the SHORTLIST
 * most alike are compared whole (title and texts); the score decides what is shown, against the configured threshold.
 */
import { sql, type RawBuilder } from "kysely";
import { markedParts } from "../../components/highlight";
import { engineOf } from "../../../db/client";
import type { Status } from "../../domain/vocabulary";
import { getEnv } from "../../utils/env.server";
import { VECTOR } from "../public/search-postgres.server";
import type { Executor } from "../public/published.server";
import {
  bodyOf,
  candidatePhrases,
  candidateQuery,
  prepare,
  setCosine,
  similarity,
  termsOf,
  type Comparable,
  type PhraseQuery,
  type Prepared,
} from "./similarity";

export const CANDIDATES = 200;
export const SHOWN = 5;

export function similarityThreshold(): number {
  return getEnv().DUPLICATE_SIMILARITY_THRESHOLD;
}

/** Phrases are folded [a-z0-9]+ words (similarity.ts): safe inside FTS5 quotes and as to_tsquery operands. */
function ftsQuery(q: PhraseQuery): string {
  const write = (x: PhraseQuery): string =>
    "phrase" in x ? `"${x.phrase.join(" ")}"` : `(${("all" in x ? x.all : x.any).map(write).join("all" in x ? " AND " : " OR ")})`;
  return `{title} : ${write(q)}`;
}
/**
 * Words, not phrases, and no weights: a GIN index answers that without rechecking each row, which on an expression
 * index means computing its vector again (the scoring below checks the words' order anyway).
 */
function tsQuery(q: PhraseQuery): string {
  if ("phrase" in q) return q.phrase.length === 1 ? q.phrase[0] : `(${[...new Set(q.phrase)].join(" & ")})`;
  return `(${("all" in q ? q.all : q.any).map(tsQuery).join("all" in q ? " & " : " | ")})`;
}

const INITIATIVE_VECTOR = sql`(setweight(to_tsvector('simple', sk_search_words(i.title)), 'A') || setweight(to_tsvector('simple', sk_search_words(i.problem || ' ' || i.solution)), 'B'))`;

/**
 * Candidates by their titles: the newest rows sharing two of the title's word pairs, read in the index's own order
 * and cut at CANDIDATES, so the cost does not grow with how many rows share them; no relevance is computed here.
 */
async function candidateIds(db: Executor, title: string, which: "published" | "all"): Promise<number[]> {
  const query = candidateQuery(candidatePhrases(title));
  if (!query) return [];
  let rows: { id: number }[];
  if (engineOf(db) === "postgres") {
    const [table, vector] = which === "published" ? [sql`publications p`, VECTOR] : [sql`initiatives i`, INITIATIVE_VECTOR];
    const id: RawBuilder<number> = which === "published" ? sql`p.initiative_id` : sql`i.id`;
    // The matches from the GIN index, then the newest of them. The planner does not know how dear the indexed
    // expression is to compute: asked for `order by id desc limit` it walks the primary key backwards computing each
    // row's vector (0.9 s at 10,000 initiatives), and when it expects most rows to match it scans the table doing
    // the same (6 s); the GIN index answers in milliseconds. So the matches are a materialized step, with the table
    // scan off for this statement's transaction.
    const select = (e: Executor) =>
      sql<{ id: number }>`with matched as materialized (
          select ${id} as id from ${table} where ${vector} @@ to_tsquery('simple', ${tsQuery(query)}))
        select id from matched order by id desc limit ${CANDIDATES}`.execute(e);
    const indexOnly = async (e: Executor) => {
      await sql`set local enable_seqscan = off`.execute(e);
      const found = await select(e);
      await sql`reset enable_seqscan`.execute(e);
      return found;
    };
    rows = (db.isTransaction ? await indexOnly(db) : await db.transaction().execute(indexOnly)).rows;
  } else {
    const fts = sql.raw(which === "published" ? "publication_fts" : "initiative_fts");
    rows = (
      await sql<{
        id: number;
      }>`select rowid as id from ${fts} where ${fts} match ${ftsQuery(query)} order by rowid desc limit ${CANDIDATES}`.execute(db)
    ).rows;
  }
  return rows.map((r) => Number(r.id));
}

/** The candidates whose titles are most alike go on to be compared whole: this many. */
export const SHORTLIST = 20;

function shortlist<T extends { id: number; title: string }>(rows: T[], mine: Prepared, exclude: number | null): T[] {
  return rows
    .filter((r) => r.id !== exclude)
    .map((r) => ({ r, s: setCosine(mine.title, termsOf(r.title)) }))
    .sort((a, b) => b.s - a.s || b.r.id - a.r.id)
    .slice(0, SHORTLIST)
    .map((x) => x.r);
}

export interface SimilarPublished {
  slug: string;
  title: string;
  /** the title with the shared words marked, computed here so that the submit page's script needs no matcher */
  titleParts: { text: string; mark: boolean }[];
  score: number;
  shared: string[];
}

/** Up to five published initiatives like what a citizen has typed so far (title, and the problem once there is one). */
export async function findSimilarPublished(
  db: Executor,
  typed: { title: string; problem?: string },
  opts: { threshold?: number; limit?: number } = {},
): Promise<SimilarPublished[]> {
  const title = typed.title.slice(0, 400);
  const problem = typed.problem ?? "";
  const ids = await candidateIds(db, title, "published");
  if (ids.length === 0) return [];
  const mine = prepare({ title, body: bodyOf(problem) });
  const titles = await db.selectFrom("publications").select(["initiative_id as id", "title"]).where("initiative_id", "in", ids).execute();
  const chosen = shortlist(titles, mine, null).map((r) => r.id);
  if (chosen.length === 0) return [];
  const rows = await db
    .selectFrom("publications")
    .select(["initiative_id", "slug", "title", "problem"])
    .where("initiative_id", "in", chosen)
    .execute();
  const threshold = opts.threshold ?? similarityThreshold();
  return rows
    .map((r) => {
      const s = similarity(mine, { title: r.title, body: problem ? bodyOf(r.problem) : "" });
      return {
        slug: r.slug,
        title: r.title,
        titleParts: markedParts(r.title, s.shared),
        score: s.score,
        shared: s.shared,
        id: r.initiative_id,
      };
    })
    .filter((r) => r.score >= threshold)
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, opts.limit ?? SHOWN)
    .map(({ id: _id, ...rest }) => rest);
}

export interface SimilarInitiative {
  id: number;
  code: string;
  status: Status;
  title: string;
  problem: string;
  solution: string;
  reformArea: string;
  scopeType: string;
  score: number;
  titleScore: number;
  bodyScore: number;
  shared: string[];
}

type ScreeningRow = {
  id: number;
  code: string;
  status: Status;
  title: string;
  problem: string;
  solution: string;
  reform_area: string;
  scope_type: string;
};

const comparable = (r: ScreeningRow): Comparable => ({
  title: r.title,
  body: bodyOf(r.problem, r.solution),
  reformArea: r.reform_area,
  scopeType: r.scope_type,
});

/**
 * The five initiatives of any status most like this one, for the secretary: title and texts, the same reform area
 * and scope ranked higher. Staff only: it reads unpublished initiatives.
 */
export async function findSimilarForScreening(
  db: Executor,
  initiativeId: number,
  opts: { threshold?: number; limit?: number } = {},
): Promise<{ self: ScreeningRow; similar: SimilarInitiative[] } | null> {
  const cols = ["id", "code", "status", "title", "problem", "solution", "reform_area", "scope_type"] as const;
  const self = (await db.selectFrom("initiatives").select(cols).where("id", "=", initiativeId).executeTakeFirst()) as
    ScreeningRow | undefined;
  if (!self) return null;
  const ids = await candidateIds(db, self.title, "all");
  const mine = prepare(comparable(self));
  const titles = ids.length ? await db.selectFrom("initiatives").select(["id", "title"]).where("id", "in", ids).execute() : [];
  const chosen = shortlist(titles, mine, self.id).map((r) => r.id);
  if (chosen.length === 0) return { self, similar: [] };
  const rows = (await db.selectFrom("initiatives").select(cols).where("id", "in", chosen).execute()) as ScreeningRow[];
  const threshold = opts.threshold ?? similarityThreshold();
  const similar = rows
    .map((r) => {
      const s = similarity(mine, comparable(r), { context: true });
      return {
        id: r.id,
        code: r.code,
        status: r.status,
        title: r.title,
        problem: r.problem,
        solution: r.solution,
        reformArea: r.reform_area,
        scopeType: r.scope_type,
        score: s.score,
        titleScore: Math.round(s.title * 100) / 100,
        bodyScore: Math.round(s.body * 100) / 100,
        shared: s.shared,
      };
    })
    .filter((r) => r.score >= threshold)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, opts.limit ?? SHOWN);
  return { self, similar };
}

/** The similarity of two given initiatives (the score kept on a link the secretary marks by code). */
export async function scorePair(db: Executor, initiativeId: number, otherId: number): Promise<number> {
  const cols = ["id", "code", "status", "title", "problem", "solution", "reform_area", "scope_type"] as const;
  const rows = (await db.selectFrom("initiatives").select(cols).where("id", "in", [initiativeId, otherId]).execute()) as ScreeningRow[];
  const a = rows.find((r) => r.id === initiativeId);
  const b = rows.find((r) => r.id === otherId);
  return a && b ? similarity(comparable(a), comparable(b), { context: true }).score : 0;
}
