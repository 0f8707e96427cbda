// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The city level (docs/decisions/039-city-level-round.md): a yearly round of the "Bằng Sáng kiến Thủ đô"
// (Quyết định 16/2023/QĐ-UBND), the secretary's nominations of recognised, published initiatives to it, their own
// blind reviews (assignments, reviews and scores of their own, scored on a rubric version of the city level) and the
// city council's decision with its own certificate number (TP-2026-001). Conflicts of interest stay in `conflicts`:
// they are declared against an initiative, so one declared at either level bars the reviewer at both.
// The public initiative page and /certificates read the rounds and the nominations: their writes bump the public
// pages' version, as migration 0020 does for the other public tables.
import { PostgresAdapter, sql, type Kysely } from "kysely";

const PUBLIC_TABLES = ["city_rounds", "city_nominations"];

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  const id = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
  const idType = postgres ? "serial" : "integer";

  // A rubric version belongs to a level; "is_current" keeps meaning the base level's current version, and a city
  // round pins its own version when it is created.
  await db.schema
    .alterTable("rubric_versions")
    .addColumn("level", "text", (c) =>
      c
        .notNull()
        .defaultTo("base")
        .check(sql`level in ('base', 'city')`),
    )
    .execute();

  await db.schema
    .createTable("city_rounds")
    .addColumn("id", idType, id)
    .addColumn("year", "integer", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("rubric_version_id", "integer", (c) => c.notNull().references("rubric_versions.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("city_nominations")
    .addColumn("id", idType, id)
    .addColumn("round_id", "integer", (c) => c.notNull().references("city_rounds.id").onDelete("cascade"))
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("nominated")
        .check(sql`status in ('nominated', 'in_review', 'recognised', 'not_recognised')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("statement", "text", (c) => c.notNull())
    .addColumn("nominated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("nominated_at", "text", (c) => c.notNull())
    .addColumn("members_present", "integer")
    .addColumn("votes_for", "integer")
    .addColumn("votes_against", "integer")
    .addColumn("votes_abstain", "integer")
    .addColumn("reason", "text")
    .addColumn("certificate_number", "text", (c) => c.unique())
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addUniqueConstraint("city_nominations_round_initiative", ["round_id", "initiative_id"])
    .execute();
  await db.schema.createIndex("city_nominations_initiative").on("city_nominations").columns(["initiative_id", "status"]).execute();

  await db.schema
    .createTable("city_assignments")
    .addColumn("id", idType, id)
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("city_nominations.id").onDelete("cascade"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("assigned_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('assigned', 'submitted', 'conflict')`))
    .addUniqueConstraint("city_assignments_nomination_reviewer", ["nomination_id", "reviewer_id"])
    .execute();
  await db.schema.createIndex("city_assignments_reviewer").on("city_assignments").columns(["reviewer_id", "status"]).execute();

  await db.schema
    .createTable("city_reviews")
    .addColumn("id", idType, id)
    .addColumn("assignment_id", "integer", (c) => c.notNull().unique().references("city_assignments.id").onDelete("cascade"))
    .addColumn("rubric_version_id", "integer", (c) => c.notNull().references("rubric_versions.id"))
    .addColumn("recommendation", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("submitted_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("city_review_scores")
    .addColumn("review_id", "integer", (c) => c.notNull().references("city_reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("rubric_criteria.id"))
    .addColumn("score", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("city_review_scores_pk", ["review_id", "criterion_id"])
    .execute();

  if (postgres) {
    for (const table of PUBLIC_TABLES) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_changed()`,
        )
        .execute(db);
    }
  } else {
    for (const table of PUBLIC_TABLES) {
      for (const event of ["INSERT", "UPDATE", "DELETE"]) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_public_pages_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
               UPDATE public_state SET version = version + 1 WHERE key = 'pages';
             END`,
          )
          .execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping the tables drops their triggers on both engines.
  await db.schema.dropTable("city_review_scores").ifExists().execute();
  await db.schema.dropTable("city_reviews").ifExists().execute();
  await db.schema.dropTable("city_assignments").ifExists().execute();
  await db.schema.dropTable("city_nominations").ifExists().execute();
  await db.schema.dropTable("city_rounds").ifExists().execute();
  await db
    .deleteFrom("rubric_criteria")
    .where("rubric_version_id", "in", db.selectFrom("rubric_versions").select("id").where("level", "=", "city"))
    .execute();
  await db.deleteFrom("rubric_versions").where("level", "=", "city").execute();
  await db.schema.alterTable("rubric_versions").dropColumn("level").execute();
}
