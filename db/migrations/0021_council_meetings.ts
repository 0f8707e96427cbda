// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Council meetings (docs/decisions/034-council-meetings.md): a meeting (when, where, who presides, a note), the
// members present, and its agenda of cases ready for the council. A vote taken in the meeting is the ordinary
// decision record, linked to its meeting (`decisions.meeting_id`) and to its agenda item; the votes are kept there
// once, not copied here. A staff notice of a scheduled meeting points at the meeting (`staff_notifications.meeting_id`).
//
// The added columns carry no foreign key: SQLite cannot drop a column that one names, and the down step must work.
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (t: string) =>
    db.schema
      .createTable(t)
      .addColumn("id", postgres ? "serial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await id("council_meetings")
    // the moment it starts (UTC ISO); shown and entered in Hà Nội time
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("place", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    // the chair who presides and records the votes
    .addColumn("chair_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("scheduled")
        .check(sql`status in ('scheduled', 'closed')`),
    )
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("council_meetings_status").on("council_meetings").columns(["status", "starts_at"]).execute();

  await db.schema
    .createTable("council_meeting_members")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("council_meetings.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("council_meeting_members_pk", ["meeting_id", "user_id"])
    .execute();

  await id("council_agenda_items")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("council_meetings.id").onDelete("cascade"))
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // the decision taken on it in this meeting; its votes live in that record
    .addColumn("decision_id", "integer", (c) => c.references("decisions.id").onDelete("set null"))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addUniqueConstraint("council_agenda_items_once", ["meeting_id", "initiative_id"])
    .execute();
  await db.schema.createIndex("council_agenda_items_initiative").on("council_agenda_items").column("initiative_id").execute();

  await db.schema.alterTable("decisions").addColumn("meeting_id", "integer").execute();
  await db.schema.alterTable("staff_notifications").addColumn("meeting_id", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("staff_notifications").dropColumn("meeting_id").execute();
  await db.schema.alterTable("decisions").dropColumn("meeting_id").execute();
  await db.schema.dropTable("council_agenda_items").ifExists().execute();
  await db.schema.dropTable("council_meeting_members").ifExists().execute();
  await db.schema.dropTable("council_meetings").ifExists().execute();
}
