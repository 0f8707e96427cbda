// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The reviewer copy: what reviewers read of an initiative instead of its submitted text (the title and texts with
// personal data taken out, the request for information and the citizen's reply, the files the secretary forwards),
// and the access log: who on the staff side looked at a submitter's identity, when, and what
// (docs/decisions/028-reviewer-copy-and-access-log.md).
//
// Cases already in review get their copy from the app the first time one of their pages is read, flagged for the
// secretary to check: making it needs the screening flags (app/models/screening/personal-data-flags.ts), which a
// frozen migration may not import.
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reviewer_copies")
    .addColumn("initiative_id", "integer", (c) => c.primaryKey().references("initiatives.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("problem", "text", (c) => c.notNull())
    .addColumn("solution", "text", (c) => c.notNull())
    .addColumn("benefit", "text", (c) => c.notNull())
    // JSON: [{ "eventId", "from": "staff" | "submitter", "at", "message" }], the exchange as the copy shows it
    .addColumn("exchange", "text", (c) => c.notNull().defaultTo("[]"))
    // 1 while no secretary has checked it (a copy made by the system for a case already in review)
    .addColumn("to_check", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`to_check in (0, 1)`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("reviewer_copy_files")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("reviewer_copies.initiative_id").onDelete("cascade"))
    .addColumn("attachment_id", "integer", (c) => c.notNull().references("attachments.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("reviewer_copy_files_pk", ["initiative_id", "attachment_id"])
    .execute();
  await db.schema.createIndex("reviewer_copy_files_attachment").on("reviewer_copy_files").column("attachment_id").execute();

  // Append-only. No foreign keys: an entry outlives the erasure of the initiative or the account it names, and the
  // code and the user's name are kept beside their ids for that reason.
  const log = db.schema.createTable("access_log");
  await (
    db.getExecutor().adapter instanceof PostgresAdapter
      ? log.addColumn("id", "bigserial", (c) => c.primaryKey())
      : log.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
  )
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull())
    .addColumn("user_name", "text", (c) => c.notNull())
    .addColumn("initiative_id", "integer")
    .addColumn("initiative_code", "text")
    // what was seen: 'identity' (the staff page of an initiative), 'file' (an attachment), 'export' (a file of many)
    .addColumn("action", "text", (c) => c.notNull())
    // the file's name, the export's name and filters
    .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("access_log_at").on("access_log").columns(["at", "id"]).execute();
  await db.schema.createIndex("access_log_initiative").on("access_log").columns(["initiative_id", "at"]).execute();
  await db.schema.createIndex("access_log_user").on("access_log").columns(["user_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("access_log").ifExists().execute();
  await db.schema.dropTable("reviewer_copy_files").ifExists().execute();
  await db.schema.dropTable("reviewer_copies").ifExists().execute();
}
