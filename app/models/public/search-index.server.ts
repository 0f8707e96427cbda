/**
 * What the search index holds besides a publication's own texts, in `publications.search_labels` and
 * `publications.search_exact` (migration 0019): the labels of its reform area and procedure domain in Vietnamese and
 * English, the names of the authors who consented to publishing them, and every word of all that with its diacritics
 * (`exactWords`), for the tier that prefers what the user typed, accents included. The database's triggers (SQLite)
 * and expression index (PostgreSQL) read these columns; this module is the one place that writes them.
 *
 * Whatever changes what they hold (a consent given or withdrawn, an edited publication) calls
 * `reindexPublication(db, initiativeId)` in its transaction.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { ProcedureDomain, ReformArea } from "../../domain/vocabulary";
import { en, vi } from "../../i18n/sections/common";
import { exactWords } from "./search-terms";
import type { Executor } from "./published.server";

/**
 * The names of initiatives' authors that may be published, and so searched, by initiative: exactly the names the
 * publication shows (`author_name`, `co_author_names`), which the consent records keep in step
 * (app/models/consent/consents.server.ts). The one place search reads them.
 */
export async function publishableAuthorNamesOf(db: Executor, initiativeIds: number[]): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>(initiativeIds.map((id) => [id, []]));
  if (initiativeIds.length === 0) return names;
  const rows = await db
    .selectFrom("publications")
    .select(["initiative_id", "author_name", "co_author_names"])
    .where("initiative_id", "in", initiativeIds)
    .execute();
  for (const r of rows) {
    const coAuthors = JSON.parse(r.co_author_names || "[]") as string[];
    names.set(r.initiative_id, [...(r.author_name ? [r.author_name] : []), ...coAuthors]);
  }
  return names;
}

export async function publishableAuthorNames(db: Executor, initiativeId: number): Promise<string[]> {
  return (await publishableAuthorNamesOf(db, [initiativeId])).get(initiativeId) ?? [];
}

/** The labels a reader may type for a publication's classification, in both languages. */
export function labelsOf(area: ReformArea, domain: ProcedureDomain | null): string[] {
  const labels = [vi.area[area], en.area[area]];
  if (domain) labels.push(vi.domain[domain], en.domain[domain]);
  return labels;
}

export interface SearchTexts {
  title: string;
  problem: string;
  solution: string;
  benefit: string;
  reformArea: ReformArea;
  procedureDomain: ProcedureDomain | null;
  authorNames: string[];
}

/**
 * The two columns: labels and names one a line; the exact tokens of the title, then (after a line break) of the
 * body and the labels, so a phrase never runs from the title into the body.
 */
export function searchColumns(t: SearchTexts): { search_labels: string; search_exact: string } {
  const labels = [...labelsOf(t.reformArea, t.procedureDomain), ...t.authorNames].join("\n");
  const body = [t.problem, t.solution, t.benefit, labels].map((x) => exactWords(x).join(" ")).join(" ");
  return { search_labels: labels, search_exact: `${exactWords(t.title).join(" ")}\n${body}` };
}

/** Recomputes one publication's search columns from its texts and today's consents; the index follows (triggers, expression index). */
export async function reindexPublication(db: Executor, initiativeId: number): Promise<void> {
  await reindex(db, [initiativeId]);
}

async function reindex(db: Executor, initiativeIds: number[]): Promise<void> {
  const rows = await db
    .selectFrom("publications")
    .select([
      "initiative_id",
      "title",
      "problem",
      "solution",
      "benefit",
      "reform_area",
      "procedure_domain",
      "search_labels",
      "search_exact",
    ])
    .where("initiative_id", "in", initiativeIds)
    .execute();
  const names = await publishableAuthorNamesOf(
    db,
    rows.map((r) => r.initiative_id),
  );
  for (const p of rows) {
    const next = searchColumns({
      title: p.title,
      problem: p.problem,
      solution: p.solution,
      benefit: p.benefit,
      reformArea: p.reform_area,
      procedureDomain: p.procedure_domain,
      authorNames: names.get(p.initiative_id) ?? [],
    });
    // Unchanged rows are left alone: an update would rewrite their index entries for nothing.
    if (next.search_labels === p.search_labels && next.search_exact === p.search_exact) continue;
    await db.updateTable("publications").set(next).where("initiative_id", "=", p.initiative_id).execute();
  }
}

/**
 * Every publication's search columns, in batches: for rows written around the app (repairs, a bulk load).
 * tests/bench/generate.ts calls each exported rebuild* function after its bulk insert.
 */
export async function rebuildSearchIndex(db: Kysely<Database>, batch = 500): Promise<void> {
  let after = 0;
  for (;;) {
    const ids = await db
      .selectFrom("publications")
      .select("initiative_id")
      .where("initiative_id", ">", after)
      .orderBy("initiative_id")
      .limit(batch)
      .execute();
    if (ids.length === 0) return;
    await db.transaction().execute((trx) =>
      reindex(
        trx,
        ids.map((r) => r.initiative_id),
      ),
    );
    after = ids[ids.length - 1].initiative_id;
  }
}
