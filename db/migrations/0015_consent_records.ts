// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Consent records (docs/decisions/026-consent-records.md): one row per consent a person gave or refused, or
// withdrew, with the privacy notice's version in force then. Rows are only ever added: the current state of a
// consent is its latest row, and the rows before it are the proof of what was agreed when.
// - author_position is the person: 0 the submitter, n co-author n (authors.position);
// - purpose "processing" (handling the initiative; the submitter's) or "publish_name" (each person's own);
// - source "submission" (the form), "withdrawal" (the private tracking page) or "migration" (derived below).
//
// Existing initiatives get rows derived from the flags of the one-checkbox form, marked as migrated: the
// processing consent and the author's name consent as the flags say, co-authors' names as not given (the
// form never asked them). The notice version of those rows names the notice that had no version.
//
// publications.co_author_names: the co-authors who agreed to be named, a JSON array in their order, so the
// public pages keep reading only the publication. Empty for existing publications (nobody was asked).
import { PostgresAdapter, sql, type Kysely } from "kysely";

export const LEGACY_NOTICE_VERSION = "before-2026-11-30";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("consents")
    .addColumn("id", postgres ? "serial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("initiative_id", "integer", (c) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("author_position", "integer", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('processing', 'publish_name')`))
    .addColumn("given", "integer", (c) => c.notNull().check(sql`given in (0, 1)`))
    .addColumn("notice_version", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('submission', 'withdrawal', 'migration')`))
    .execute();
  await db.schema.createIndex("consents_person").on("consents").columns(["initiative_id", "author_position", "purpose", "id"]).execute();

  await db.schema
    .alterTable("publications")
    .addColumn("co_author_names", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();

  await sql`insert into consents (initiative_id, author_position, purpose, given, notice_version, at, source)
    select id, 0, 'processing', case when consent_data = 1 then 1 else 0 end, ${LEGACY_NOTICE_VERSION}, submitted_at, 'migration'
    from initiatives order by id`.execute(db);
  await sql`insert into consents (initiative_id, author_position, purpose, given, notice_version, at, source)
    select a.initiative_id, a.position, 'publish_name',
      case when a.position = 0 and i.consent_publish_name = 1 then 1 else 0 end,
      ${LEGACY_NOTICE_VERSION}, i.submitted_at, 'migration'
    from authors a join initiatives i on i.id = a.initiative_id order by a.initiative_id, a.position`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("publications").dropColumn("co_author_names").execute();
  await db.schema.dropTable("consents").ifExists().execute();
}
