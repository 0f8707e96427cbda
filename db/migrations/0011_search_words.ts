// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Search parity (PostgreSQL only; SQLite's FTS5 tokenizer already splits at every non-letter, non-digit).
// to_tsvector's parser keeps "61/2018/nd-cp" as one token (a file path), drops "<script>" (an XML tag) and
// keeps e-mail addresses and URLs whole, while the app splits a query into [a-z0-9]+ words
// (app/models/public/search.server.ts): "Nghị định 61/2018/NĐ-CP" found nothing on PostgreSQL. The index now reads
// the text as the query does: folded (Vietnamese and common Latin accents, đ → d, lower case), and every run
// of other characters a space. The query side (search-postgres.server.ts) repeats this expression exactly.
import { Kysely, PostgresAdapter, sql } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const FROM =
  "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
  "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ" +
  "äåçëîïñöûüÿÄÅÇËÎÏÑÖÛÜŸ";
const TO =
  "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy" +
  "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy" +
  "aaceiinouuyaaceiinouuy";

const OLD_INDEX = `CREATE INDEX publications_search ON publications USING gin ((
  setweight(to_tsvector('simple', sk_fold(title)), 'A') ||
  setweight(to_tsvector('simple', sk_fold(problem || ' ' || solution || ' ' || benefit)), 'B')))`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  if ([...FROM].length !== [...TO].length) throw new Error("sk_search_words: FROM and TO differ in length");
  await sql
    .raw(
      `CREATE FUNCTION sk_search_words(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT regexp_replace(lower(translate(t, '${FROM}', '${TO}')), '[^a-z0-9]+', ' ', 'g') $$`,
    )
    .execute(db);
  await sql.raw(`DROP INDEX IF EXISTS publications_search`).execute(db);
  await sql
    .raw(
      `CREATE INDEX publications_search ON publications USING gin ((
        setweight(to_tsvector('simple', sk_search_words(title)), 'A') ||
        setweight(to_tsvector('simple', sk_search_words(problem || ' ' || solution || ' ' || benefit)), 'B')))`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql.raw(`DROP INDEX IF EXISTS publications_search`).execute(db);
  await sql.raw(`DROP FUNCTION IF EXISTS sk_search_words(text)`).execute(db);
  await sql.raw(OLD_INDEX).execute(db);
}
