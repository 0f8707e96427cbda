// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Duplicates (docs/decisions/036-duplicates.md):
//  - `duplicate_links`: the secretary's finding that one initiative duplicates another, and the submitter's answer
//    (proposed → agreed or objected). The codes are copied in because they never change and the public page of the
//    original lists its agreed duplicates without reading `initiatives`; a write bumps the public pages' version.
//  - a staff-only full-text index over every initiative's title and texts, whatever its status, for the screening
//    view's "most similar": SQLite gets `initiative_fts` (FTS5, kept by triggers, folded as `publication_fts` is),
//    PostgreSQL an expression index `initiatives_similar` over the same words as `publications_search`.
import { PostgresAdapter, sql, type Kysely } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const PG_INDEX = `CREATE INDEX initiatives_similar ON initiatives USING gin ((
  setweight(to_tsvector('simple', sk_search_words(title)), 'A') ||
  setweight(to_tsvector('simple', sk_search_words(problem || ' ' || solution)), 'B')))`;

const foldD = (expr: string) => `replace(replace(${expr}, 'đ', 'd'), 'Đ', 'D')`;
const FTS_INSERT = `INSERT INTO initiative_fts(rowid, title, body) VALUES (new.id, ${foldD("new.title")}, ${foldD("new.problem || ' ' || new.solution")});`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .createTable("duplicate_links")
    .addColumn("id", postgres ? "serial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("initiative_code", "text", (c) => c.notNull())
    .addColumn("original_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("original_code", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('proposed', 'agreed', 'objected')`))
    .addColumn("score", "real", (c) => c.notNull())
    .addColumn("marked_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("marked_at", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .addColumn("objection", "text")
    .addUniqueConstraint("duplicate_links_pair", ["initiative_id", "original_id"])
    .execute();
  await db.schema.createIndex("duplicate_links_original").on("duplicate_links").columns(["original_id", "status"]).execute();

  if (postgres) {
    await sql.raw(PG_INDEX).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER duplicate_links_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON duplicate_links
         FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_changed()`,
      )
      .execute(db);
    return;
  }
  for (const event of ["INSERT", "UPDATE", "DELETE"]) {
    await sql
      .raw(
        `CREATE TRIGGER duplicate_links_public_pages_${event.toLowerCase()} AFTER ${event} ON duplicate_links BEGIN
           UPDATE public_state SET version = version + 1 WHERE key = 'pages';
         END`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `CREATE VIRTUAL TABLE initiative_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER initiatives_fts_insert AFTER INSERT ON initiatives BEGIN ${FTS_INSERT} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER initiatives_fts_update AFTER UPDATE OF title, problem, solution ON initiatives BEGIN
         DELETE FROM initiative_fts WHERE rowid = old.id;
         ${FTS_INSERT}
       END`,
    )
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN DELETE FROM initiative_fts WHERE rowid = old.id; END`)
    .execute(db);
  await sql
    .raw(
      `INSERT INTO initiative_fts(rowid, title, body) SELECT i.id, ${foldD("i.title")}, ${foldD("i.problem || ' ' || i.solution")} FROM initiatives i`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`DROP INDEX IF EXISTS initiatives_similar`).execute(db);
  } else {
    for (const name of ["initiatives_fts_insert", "initiatives_fts_update", "initiatives_fts_delete"])
      await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
    await sql.raw(`DROP TABLE IF EXISTS initiative_fts`).execute(db);
  }
  await db.schema.dropTable("duplicate_links").ifExists().execute();
}
