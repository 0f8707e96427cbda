// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Attachment contents in the database, so every app instance on one PostgreSQL reads the same files and one
// backup holds them (docs/decisions/016-attachments-in-the-database.md). Content-addressed: a blob is named by
// its SHA-256, stored once however many attachments share it, in chunks of at most 256 KB so neither writing
// nor reading ever holds a whole file. `file_blobs` is written in the transaction that wrote the last chunk, so
// a blob row means a complete file.
//
// The tables are created on both engines so the schema is one; SQLite leaves them empty (it keeps files in the
// data folder, as only one machine ever reads them).
import { Kysely, PostgresAdapter, sql } from "kysely";

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = isPostgres(db) ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable("file_blobs")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("file_chunks")
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("data", bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint("file_chunks_pk", ["sha256", "seq"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("file_chunks").ifExists().execute();
  await db.schema.dropTable("file_blobs").ifExists().execute();
}
