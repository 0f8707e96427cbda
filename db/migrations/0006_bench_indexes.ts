// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Found by the benchmark (tests/bench) at a million initiatives: the staff queue filtered by status and reform
// area read the area index newest first and skipped every row of another status. For a status that is rare
// among recent submissions (rejected, in public finance) that was some 100,000 rows and 40 ms per page; with
// both equalities in one index ending in the sort order, any pair is a range read of one page (0.07 ms).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("initiatives_status_area_submitted")
    .on("initiatives")
    .columns(["status", "reform_area", "submitted_at", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("initiatives_status_area_submitted").ifExists().execute();
}
