// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The submitter's rights under Law 91/2025/QH15 (docs/decisions/027-submitter-rights-and-retention.md):
// - `privacy_requests`: an erasure, restriction or objection asked for from the private tracking page; a staff work
//   item due in 2 working days, answered granted or refused with reasons.
// - `email_changes`: a new contact address waiting for the link sent to it; only the SHA-256 of the link's key is kept.
// - `initiatives.restricted_at`: processing restricted (a granted restriction or objection): staff no longer see the
//   contact data, and no email goes out except about the request.
// - `initiatives.anonymised_at`: the people were anonymised (a granted erasure or the retention job); set once, so a
//   second run finds nothing to do.
import { PostgresAdapter, sql, type Kysely } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const withId = (name: string) => {
    const t = db.schema.createTable(name);
    return isPostgres(db)
      ? t.addColumn("id", "serial", (c) => c.primaryKey())
      : t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  };

  await withId("privacy_requests")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('erasure', 'restriction', 'objection')`))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'granted', 'refused')`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .addColumn("answered_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("answer", "text")
    .execute();
  // The staff list: pending first, by due date.
  await db.schema.createIndex("privacy_requests_status_due").on("privacy_requests").columns(["status", "due_on"]).execute();
  await db.schema.createIndex("privacy_requests_initiative").on("privacy_requests").column("initiative_id").execute();

  await withId("email_changes")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("new_email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .execute();
  await db.schema.createIndex("email_changes_initiative").on("email_changes").column("initiative_id").execute();

  await db.schema.alterTable("initiatives").addColumn("restricted_at", "text").execute();
  await db.schema.alterTable("initiatives").addColumn("anonymised_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("initiatives").dropColumn("anonymised_at").execute();
  await db.schema.alterTable("initiatives").dropColumn("restricted_at").execute();
  await db.schema.dropTable("email_changes").ifExists().execute();
  await db.schema.dropTable("privacy_requests").ifExists().execute();
}
