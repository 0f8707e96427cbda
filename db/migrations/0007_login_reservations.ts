// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// A sign-in attempt is now reserved (a row with success = 0 and no settled_at) in the same write transaction that
// checks the limits, before the password is verified, and settled afterwards. A reservation that is never settled
// (the process died mid-check) keeps counting as a failure. Account-wide back-off looks at the account's failures
// over a day, and the per-pair limit at one address's attempts on one account.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("login_attempts").addColumn("settled_at", "text").execute();
  // Attempts made before this migration had been settled when they were written.
  await db
    .updateTable("login_attempts")
    .set((eb) => ({ settled_at: eb.ref("at") }))
    .execute();
  await db.schema.createIndex("login_attempts_email_ip_at").on("login_attempts").columns(["email", "ip", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("login_attempts_email_ip_at").ifExists().execute();
  await db.schema.alterTable("login_attempts").dropColumn("settled_at").execute();
}
