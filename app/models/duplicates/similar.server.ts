/**
 * Similar initiatives, found through the full-text indexes and scored by similarity.ts (docs/decisions/036):
 *  - for a citizen on /submit, among published initiatives only (`publication_fts` / `publications_search`);
 *  - for the secretary at screening, among all initiatives, whatever their status (`initiative_fts` /
 *    `initiatives_similar`, migration 0023: staff-only).
 * The index returns at most CANDIDATES rows that share a pair of neighbouring words, best first by the engine's own
 * relevance; the score decides what is shown, against the configured threshold.
 */
import { sql, type RawBuilder } from "kysely";
import { engineOf } from "../../../db/client";
import type { Status } from "../../domain/vocabulary";
import { getEnv } from "../../utils/env.server";
import { VECTOR } from "../public/search-postgres.server";
import type { Executor } from "../public/published.server";
import { candidatePhrases, candidateQuery, prepare, similarity, type Comparable } from "./similarity";

export const CANDIDATES = 30;
export const SHOWN = 5;

export function similarityThreshold(): number {
  return getEnv().DUPLICATE_SIMILARITY_THRESHOLD;
}

/** Phrases are folded [a-z0-9]+ words (similarity.ts): safe inside FTS5 quotes and as to_tsquery operands. */
function ftsQuery(alternatives: string[][][], columns: string): string {
  const all = (phrases: string[][]) => phrases.map((p) => `"${p.join(" ")}"`).join(" AND ");
  return `${columns} : (${alternatives.map((a) => `(${all(a)})`).join(" OR ")})`;
}
function tsQuery(alternatives: string[][][]): string {
  return alternatives.map((a) => `(${a.map((p) => `(${p.join(" <-> ")})`).join(" & ")})`).join(" | ");
}

const INITIATIVE_VECTOR = sql`(setweight(to_tsvector('simple', sk_search_words(i.title)), 'A') || setweight(to_tsvector('simple', sk_search_words(i.problem || ' ' || i.solution)), 'B'))`;

async function candidateIds(db: Executor, phrases: string[][][], which: "published" | "all", exclude: number | null): Promise<number[]> {
  if (phrases.length === 0) return [];
  let rows: { id: number }[];
  if (engineOf(db) === "postgres") {
    const [table, vector] = which === "published" ? [sql`publications p`, VECTOR] : [sql`initiatives i`, INITIATIVE_VECTOR];
    const id: RawBuilder<number> = which === "published" ? sql`p.initiative_id` : sql`i.id`;
    const q = sql`to_tsquery('simple', ${tsQuery(phrases)})`;
    rows = (
      await sql<{ id: number }>`select ${id} as id from ${table} where ${vector} @@ ${q} and ${id} <> ${exclude ?? 0}
        order by ts_rank('{0, 0.2, 0.4, 1.0}'::float4[], ${vector}, ${q}) desc, ${id} desc limit ${CANDIDATES}`.execute(db)
    ).rows;
  } else {
    const match =
      which === "published"
        ? sql`select rowid as id, bm25(publication_fts, 10.0, 1.0, 0.0, 0.0) as r from publication_fts where publication_fts match ${ftsQuery(phrases, "{title body}")}`
        : sql`select rowid as id, bm25(initiative_fts, 10.0, 1.0) as r from initiative_fts where initiative_fts match ${ftsQuery(phrases, "{title body}")}`;
    rows = (
      await sql<{ id: number }>`select id from (${match}) where id <> ${exclude ?? 0} order by r, id desc limit ${CANDIDATES}`.execute(db)
    ).rows;
  }
  return rows.map((r) => Number(r.id));
}

export interface SimilarPublished {
  slug: string;
  title: string;
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
  const problem = (typed.problem ?? "").slice(0, 4000);
  const ids = await candidateIds(db, candidateQuery(candidatePhrases(title, problem)), "published", null);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("publications")
    .select(["initiative_id", "slug", "title", "problem"])
    .where("initiative_id", "in", ids)
    .execute();
  const threshold = opts.threshold ?? similarityThreshold();
  const mine = prepare({ title, body: problem });
  return rows
    .map((r) => {
      const s = similarity(mine, { title: r.title, body: problem ? r.problem : "" });
      return { slug: r.slug, title: r.title, score: s.score, shared: s.shared, id: r.initiative_id };
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
  body: `${r.problem}\n${r.solution}`,
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
  const ids = await candidateIds(db, candidateQuery(candidatePhrases(self.title, self.problem)), "all", self.id);
  if (ids.length === 0) return { self, similar: [] };
  const rows = (await db.selectFrom("initiatives").select(cols).where("id", "in", ids).execute()) as ScreeningRow[];
  const threshold = opts.threshold ?? similarityThreshold();
  const mine = prepare(comparable(self));
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
