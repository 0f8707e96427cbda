// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Staff notifications (docs/decisions/029-staff-notifications.md): each staff member's language and
// how they want to hear of work (at once, a daily digest, not at all); one row per event and person, whose unique
// key makes a notice idempotent however often the job that finds it runs; and the outbox row's link to the notice
// it carries, so the sender can see at delivery that the work is already done and send nothing.
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("lang", "text", (c) => c.notNull().defaultTo("vi"))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("notify_mode", "text", (c) =>
      c
        .notNull()
        .defaultTo("immediate")
        .check(sql`notify_mode in ('immediate', 'digest', 'off')`),
    )
    .execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("staff_notifications")
    .addColumn("id", postgres ? "serial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("initiative_id", "integer", (c) => c.references("initiatives.id").onDelete("cascade"))
    .addColumn("assignment_id", "integer", (c) => c.references("assignments.id").onDelete("cascade"))
    .addColumn("outbox_ref", "integer")
    .addColumn("event_key", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'queued', 'digested', 'skipped', 'obsolete')`))
    .addColumn("delivered_at", "text")
    .execute();
  // The digest reads the pending notices; everything else is found by its unique key.
  await db.schema.createIndex("staff_notifications_pending").on("staff_notifications").columns(["status", "user_id"]).execute();

  await db.schema.alterTable("outbox").addColumn("notification_id", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("notification_id").execute();
  await db.schema.dropTable("staff_notifications").ifExists().execute();
  await db.schema.alterTable("users").dropColumn("notify_mode").execute();
  await db.schema.alterTable("users").dropColumn("lang").execute();
}
