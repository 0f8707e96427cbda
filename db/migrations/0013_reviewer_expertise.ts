// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// What the automatic assignment needs to know about a reviewer (docs/decisions/022-automatic-reviewer-assignment.md):
// - `reviewer_expertise`: one row per reform area or procedure domain a reviewer knows. A table rather than a JSON
//   column: both engines read it with the same plain SQL (no JSON functions that differ between them), the key
//   keeps a code from being listed twice, and a reviewer's expertise is deleted with the account.
// - `users.max_open_reviews`: how many reviews a reviewer may have open at once (default 5).
// - `users.agency_id`: the agency the person works for. A reviewer is never proposed for an initiative of the same
//   agency, nor one whose authors name that agency as their organisation.
//
// Every statement here is the same on both engines: SQLite accepts ADD COLUMN with a constant default and with a
// REFERENCES clause whose default is NULL, so nothing needs to branch.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("max_open_reviews", "integer", (c) => c.notNull().defaultTo(5))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("agency_id", "integer", (c) => c.references("agencies.id"))
    .execute();
  await db.schema
    .createTable("reviewer_expertise")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('area', 'domain')`))
    .addColumn("code", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("reviewer_expertise_pk", ["user_id", "kind", "code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reviewer_expertise").ifExists().execute();
  await db.schema.alterTable("users").dropColumn("agency_id").execute();
  await db.schema.alterTable("users").dropColumn("max_open_reviews").execute();
}
