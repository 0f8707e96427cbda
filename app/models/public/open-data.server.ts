/**
 * The open-data files, streamed: rows are read in batches and written as they come, so a file of
 * 200,000 initiatives needs no more memory than one of six. CSV is written by csv-stringify.
 */
import { Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import { stringify } from "csv-stringify";
import type { Database } from "../../../db/schema";
import { OPEN_DATA_FIELDS } from "./open-data";
import { openDataRows } from "./public.server";

type Executor = Kysely<Database> | Transaction<Database>;

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
  const source = Readable.from(records(db, origin));
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
