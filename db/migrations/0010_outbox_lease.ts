// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The outbox sender claims a row by writing a fresh token into `lease_owner` together with `locked_until`, in one
// UPDATE; every later write of that sender names the token, so a sender whose lease ran out can no longer mark
// a row that another sender has claimed since. `last_error_code` keeps the classified cause of the last failure
// (an SMTP reply code such as "550", or nodemailer's code such as "ETIMEDOUT") for the administrators' page;
// `replaced_by` points from a message an administrator resent to a corrected address at its copy.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("lease_owner", "text").execute();
  await db.schema.alterTable("outbox").addColumn("last_error_code", "text").execute();
  await db.schema.alterTable("outbox").addColumn("replaced_by", "integer").execute();
  // The administrators' page lists the messages that are not sent, newest first.
  await db.schema.createIndex("outbox_status_id").on("outbox").columns(["status", "id"]).execute();
  // …and marks each resent copy by looking its original up through `replaced_by`.
  await db.schema.createIndex("outbox_replaced_by").on("outbox").column("replaced_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("outbox_replaced_by").ifExists().execute();
  await db.schema.dropIndex("outbox_status_id").ifExists().execute();
  await db.schema.alterTable("outbox").dropColumn("replaced_by").execute();
  await db.schema.alterTable("outbox").dropColumn("last_error_code").execute();
  await db.schema.alterTable("outbox").dropColumn("lease_owner").execute();
}
