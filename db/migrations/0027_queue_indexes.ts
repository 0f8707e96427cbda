// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Found by the benchmark (tests/bench) on the secretary's "needs my action" view of the staff queue:
//  - the count of cases whose latest move is the submitter's reply read every event (no index began with the
//    kind): 65 ms at 100,000 initiatives, ten times that at a million; now a range read of the reply events;
//  - each case in review asks for its earliest open review deadline and whether a review is overdue; the
//    assignments index on the initiative alone read every assignment of the case from the table. With the status
//    and the due date in the index, each is one covering probe: the first page and the two deadline counts
//    went from about 200 to 90 ms at 100,000.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("events_kind").on("events").columns(["kind", "initiative_id", "id"]).execute();
  await db.schema
    .createIndex("assignments_initiative_status_due")
    .on("assignments")
    .columns(["initiative_id", "status", "due_on"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("assignments_initiative_status_due").ifExists().execute();
  await db.schema.dropIndex("events_kind").ifExists().execute();
}
