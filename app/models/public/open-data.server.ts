/**
 * The open-data files, streamed: rows are read in batches and written as they come, so a file of
 * 200,000 initiatives needs no more memory than one of six. CSV is written by csv-stringify.
 */
import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import { stringify } from "csv-stringify";
import type { Database } from "../../../db/schema";
import { OPEN_DATA_FIELDS } from "./open-data";
import { placeOf, publishedBase } from "./published.server";
import { parseCoAuthorNames } from "../consent/public-names";

type Executor = Kysely<Database> | Transaction<Database>;

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
  /** the co-authors who agreed to be named (a list in JSON, joined by "; " in the CSV) */
  co_author_names: string[];
}

/** Every published initiative's public fields, in batches by id (constant memory however many there are). */
export async function* openDataRows(db: Executor, batch = 500): AsyncGenerator<OpenDataRow & { id: number }> {
  let after = 0;
  for (;;) {
    const rows = await publishedBase(db)
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
        "p.co_author_names",
      ])
      .where("p.initiative_id", ">", after)
      .orderBy("p.initiative_id")
      .limit(batch)
      .execute();
    for (const r of rows) {
      const { unit_name: _unit, agency_name: _agency, co_author_names: coAuthors, ...rest } = r;
      yield { ...rest, place: placeOf(r), co_author_names: parseCoAuthorNames(coAuthors) };
    }
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}

async function* records(db: Executor, origin: string) {
  for await (const r of openDataRows(db)) {
    const { id: _id, ...row } = r;
    yield { ...row, url: `${origin}/initiatives/${row.slug}` };
  }
}

/**
 * UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly; a header row of field names.
 * A cell starting with = + - @ (a "- " bullet is common in Vietnamese texts) gets a leading apostrophe:
 * spreadsheets would otherwise run it as a formula, show #NAME? or, from a hostile text, call out.
 * The JSON file keeps the texts exactly.
 */
export function openDataCsv(db: Executor, origin: string): Readable {
  const csv = stringify({ bom: true, header: true, columns: [...OPEN_DATA_FIELDS], record_delimiter: "windows", escape_formulas: true });
  async function* rows() {
    for await (const r of records(db, origin)) yield { ...r, co_author_names: r.co_author_names.join("; ") };
  }
  const source = Readable.from(rows());
  source.on("error", (e) => csv.destroy(e));
  return source.pipe(csv);
}

/** `{"fields": [...], "initiatives": [{...}, ...]}`, each record with the fields in the documented order. */
export function openDataJson(db: Executor, origin: string): Readable {
  async function* chunks() {
    yield `{"fields":${JSON.stringify(OPEN_DATA_FIELDS)},"initiatives":[`;
    let first = true;
    for await (const r of records(db, origin)) {
      const ordered = Object.fromEntries(OPEN_DATA_FIELDS.map((f) => [f, r[f] ?? null]));
      yield `${first ? "" : ","}\n${JSON.stringify(ordered)}`;
      first = false;
    }
    yield "\n]}\n";
  }
  return Readable.from(chunks());
}
