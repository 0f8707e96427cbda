// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Service targets and the submitter's rating (docs/decisions/037-service-targets-and-ratings.md):
// - `service_times`: one row per initiative with the dates its timeliness is measured on (receipt, the screening
//   target, screening started, review, council, the statutory date, the decision or other end). It holds no personal
//   data and is what /statistics and the open data read, so the public pages never read `initiatives` or `events`.
// - `ratings`: the submitter's rating of a final answer (clarity, timeliness, courtesy 1–5, an optional comment that
//   is never public), one per initiative.
// - `rating_replies`: a staff member's private answer to a rating's comment. No public page reads it.
// `service_times` and `ratings` feed /statistics: the same triggers as migration 0020 bump `public_state.pages`.
import { PostgresAdapter, sql, type Kysely } from "kysely";

const PUBLIC_TABLES = ["service_times", "ratings"];

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

  await db.schema
    .createTable("service_times")
    .addColumn("initiative_id", "integer", (c) => c.primaryKey().references("initiatives.id").onDelete("cascade"))
    .addColumn("scope_type", "text", (c) => c.notNull())
    .addColumn("agency_id", "integer")
    .addColumn("unit_id", "integer")
    .addColumn("received_on", "text", (c) => c.notNull())
    .addColumn("ack_target_on", "text", (c) => c.notNull())
    .addColumn("acknowledged_on", "text")
    .addColumn("review_on", "text")
    .addColumn("council_on", "text")
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("decided_on", "text")
    .addColumn("closed_on", "text")
    .addColumn("outcome", "text")
    .execute();

  await withId("ratings")
    .addColumn("initiative_id", "integer", (c) => c.notNull().unique().references("initiatives.id").onDelete("cascade"))
    .addColumn("clarity", "integer", (c) => c.notNull().check(sql`clarity between 1 and 5`))
    .addColumn("timeliness", "integer", (c) => c.notNull().check(sql`timeliness between 1 and 5`))
    .addColumn("courtesy", "integer", (c) => c.notNull().check(sql`courtesy between 1 and 5`))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId("rating_replies")
    .addColumn("rating_id", "integer", (c) => c.notNull().references("ratings.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("answered_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("answered_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rating_replies_rating").on("rating_replies").column("rating_id").execute();

  if (isPostgres(db)) {
    for (const table of PUBLIC_TABLES)
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_changed()`,
        )
        .execute(db);
    return;
  }
  for (const table of PUBLIC_TABLES)
    for (const event of ["INSERT", "UPDATE", "DELETE"])
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
             UPDATE public_state SET version = version + 1 WHERE key = 'pages';
           END`,
        )
        .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rating_replies").execute();
  await db.schema.dropTable("ratings").execute();
  await db.schema.dropTable("service_times").execute();
}
