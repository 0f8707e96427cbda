// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
import { Kysely, PostgresAdapter, type CreateTableBuilder } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function withId(db: Kysely<any>, t: CreateTableBuilder<any, any>) {
  return isPostgres(db)
    ? t.addColumn("id", "serial", (c) => c.primaryKey())
    : t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const table = (name: string) => withId(db, db.schema.createTable(name));

  await table("units")
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name_folded", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await table("agencies")
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("name_folded", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await table("users")
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await table("login_attempts")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("success", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempts_email_at").on("login_attempts").columns(["email", "at"]).execute();
  await db.schema.createIndex("login_attempts_ip_at").on("login_attempts").columns(["ip", "at"]).execute();

  await table("commendation_levels")
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("rank", "integer", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await table("initiatives")
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("access_token", "text", (c) => c.notNull())
    .addColumn("submit_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("reform_area", "text", (c) => c.notNull())
    .addColumn("procedure_domain", "text")
    .addColumn("scope_type", "text", (c) => c.notNull())
    .addColumn("agency_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("unit_id", "integer", (c) => c.references("units.id"))
    .addColumn("problem", "text", (c) => c.notNull())
    .addColumn("solution", "text", (c) => c.notNull())
    .addColumn("benefit", "text", (c) => c.notNull())
    .addColumn("applied_before", "integer", (c) => c.notNull())
    .addColumn("applied_at", "text")
    .addColumn("confidential", "text", (c) => c.notNull())
    .addColumn("author_type", "text", (c) => c.notNull())
    .addColumn("consent_data", "integer", (c) => c.notNull())
    .addColumn("consent_publish_name", "integer", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("search_text", "text", (c) => c.notNull())
    .execute();
  // The staff queue filters on these and pages by (submitted_at, id).
  await db.schema.createIndex("initiatives_submitted").on("initiatives").columns(["submitted_at", "id"]).execute();
  await db.schema.createIndex("initiatives_status_submitted").on("initiatives").columns(["status", "submitted_at", "id"]).execute();
  await db.schema.createIndex("initiatives_area_submitted").on("initiatives").columns(["reform_area", "submitted_at", "id"]).execute();
  await db.schema.createIndex("initiatives_status_due").on("initiatives").columns(["status", "due_on"]).execute();

  await table("authors")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("full_name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("organisation", "text")
    .addColumn("share", "integer", (c) => c.notNull())
    .addUniqueConstraint("authors_initiative_position", ["initiative_id", "position"])
    .execute();

  await table("events")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("message", "text")
    .addColumn("visibility", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_initiative").on("events").columns(["initiative_id", "id"]).execute();

  await table("attachments")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("event_id", "integer", (c) => c.references("events.id"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("is_public", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attachments_initiative").on("attachments").column("initiative_id").execute();

  await table("staff_notes")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("staff_notes_initiative").on("staff_notes").column("initiative_id").execute();

  await table("rubric_versions")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("is_current", "integer", (c) => c.notNull())
    .execute();

  await table("rubric_criteria")
    .addColumn("rubric_version_id", "integer", (c) => c.notNull().references("rubric_versions.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("label_vi", "text", (c) => c.notNull())
    .addColumn("label_en", "text", (c) => c.notNull())
    .addColumn("weight", "integer", (c) => c.notNull())
    .addColumn("scale_min", "integer", (c) => c.notNull())
    .addColumn("scale_max", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addUniqueConstraint("rubric_criteria_version_key", ["rubric_version_id", "key"])
    .execute();

  await table("assignments")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("assigned_by", "integer", (c) => c.references("users.id"))
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reminded_before_at", "text")
    .addColumn("reminded_overdue_at", "text")
    .execute();
  await db.schema.createIndex("assignments_initiative").on("assignments").column("initiative_id").execute();
  await db.schema.createIndex("assignments_reviewer").on("assignments").columns(["reviewer_id", "status"]).execute();

  await table("reviews")
    .addColumn("assignment_id", "integer", (c) => c.notNull().unique().references("assignments.id").onDelete("cascade"))
    .addColumn("rubric_version_id", "integer", (c) => c.notNull().references("rubric_versions.id"))
    .addColumn("recommendation", "text")
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("review_scores")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("rubric_criteria.id"))
    .addColumn("score", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_scores_pk", ["review_id", "criterion_id"])
    .execute();

  await table("conflicts")
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("declared_at", "text", (c) => c.notNull())
    .addUniqueConstraint("conflicts_initiative_reviewer", ["initiative_id", "reviewer_id"])
    .execute();

  await table("decisions")
    .addColumn("initiative_id", "integer", (c) => c.notNull().unique().references("initiatives.id").onDelete("cascade"))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("members_present", "integer", (c) => c.notNull())
    .addColumn("votes_for", "integer", (c) => c.notNull())
    .addColumn("votes_against", "integer", (c) => c.notNull())
    .addColumn("votes_abstain", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("commendation_level_id", "integer", (c) => c.references("commendation_levels.id"))
    .addColumn("certificate_number", "text", (c) => c.unique())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .execute();

  await db.schema
    .createTable("publications")
    .addColumn("initiative_id", "integer", (c) => c.primaryKey().references("initiatives.id").onDelete("cascade"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("problem", "text", (c) => c.notNull())
    .addColumn("solution", "text", (c) => c.notNull())
    .addColumn("benefit", "text", (c) => c.notNull())
    .addColumn("author_name", "text")
    .addColumn("reform_area", "text", (c) => c.notNull())
    .addColumn("procedure_domain", "text")
    .addColumn("scope_type", "text", (c) => c.notNull())
    .addColumn("agency_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("unit_id", "integer", (c) => c.references("units.id"))
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addColumn("decision_reason", "text", (c) => c.notNull())
    .addColumn("commendation_level_id", "integer", (c) => c.references("commendation_levels.id"))
    .addColumn("certificate_number", "text")
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.references("users.id"))
    .addColumn("search_text", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("publications_published").on("publications").columns(["published_at", "initiative_id"]).execute();
  await db.schema.createIndex("publications_area").on("publications").columns(["reform_area", "published_at"]).execute();
  await db.schema.createIndex("publications_certificate").on("publications").column("certificate_number").execute();

  await table("outbox")
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("sent_at", "text")
    .addColumn("last_error", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();

  await table("outbox_attempts")
    .addColumn("outbox_id", "integer", (c) => c.notNull().references("outbox.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .execute();

  await table("rate_hits")
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_hits_bucket_at").on("rate_hits").columns(["bucket", "at"]).execute();

  await table("audit_log")
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "audit_log",
    "rate_hits",
    "outbox_attempts",
    "outbox",
    "publications",
    "decisions",
    "conflicts",
    "review_scores",
    "reviews",
    "assignments",
    "rubric_criteria",
    "rubric_versions",
    "staff_notes",
    "attachments",
    "events",
    "authors",
    "initiatives",
    "commendation_levels",
    "login_attempts",
    "sessions",
    "user_roles",
    "users",
    "agencies",
    "units",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
