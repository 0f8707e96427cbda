// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The days off and working days the government announces each year (docs/decisions/024-working-day-calendar.md):
// the Tết range, 2 September's companion day, a day off swapped with a working Saturday. One row per date: an
// announcement says what a date is, so a second row for the same date would only contradict the first.
// The announcements known when this was written are reference data (db/seed/reference.ts), not rows written
// here: a migrated database stays empty, as the copy to PostgreSQL expects of its target.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("working_day_adjustments")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('day_off', 'working_day')`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("working_day_adjustments").ifExists().execute();
}
