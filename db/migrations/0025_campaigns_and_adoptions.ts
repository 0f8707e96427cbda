// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Campaigns (đợt phát động) and adoptions (nhân rộng), docs/decisions/038-campaigns-and-adoptions.md.
// - `campaigns`: a themed call with Hà Nội calendar dates, both inclusive, so "open" changes only at local midnight
//   and the page cache's date key (decision 033) is enough to keep the home page right.
// - `campaign_entries`: which campaign a submission answered. A table of its own rather than a column on
//   `initiatives`, because public pages read it and `initiatives` must stay without a page-version trigger.
// - `campaign_counts`: submitted / recognised / not recognised per campaign, kept by triggers on the two tables it
//   counts, so the public statistics never read `initiatives`.
// - `adoptions`: where a recognised initiative has been applied; its document is an attachment (purpose "adoption").
// Every table here is read by public pages: each bumps `public_state.pages` (and `publications`, the open data's
// validator) in the writing transaction, as migration 0020 does.
import { PostgresAdapter, sql, type Kysely } from "kysely";

const VERSIONED = ["campaigns", "campaign_entries", "campaign_counts", "adoptions"];

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  const id = (t: any) =>
    t.addColumn("id", postgres ? "serial" : "integer", (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await id(db.schema.createTable("campaigns"))
    .addColumn("slug", "text", (c: any) => c.notNull().unique())
    .addColumn("title", "text", (c: any) => c.notNull())
    .addColumn("description", "text", (c: any) => c.notNull())
    .addColumn("reform_areas", "text", (c: any) => c.notNull().defaultTo("[]"))
    .addColumn("opens_on", "text", (c: any) => c.notNull())
    .addColumn("closes_on", "text", (c: any) => c.notNull())
    .addColumn("agency_id", "integer", (c: any) => c.references("agencies.id"))
    .addColumn("unit_id", "integer", (c: any) => c.references("units.id"))
    .addColumn("created_at", "text", (c: any) => c.notNull())
    .addColumn("created_by", "integer", (c: any) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c: any) => c.notNull())
    .addCheckConstraint("campaigns_dates", sql`opens_on <= closes_on`)
    .addCheckConstraint("campaigns_one_owner", sql`agency_id is null or unit_id is null`)
    .execute();
  await db.schema.createIndex("campaigns_dates").on("campaigns").columns(["closes_on", "opens_on"]).execute();

  await db.schema
    .createTable("campaign_entries")
    .addColumn("initiative_id", "integer", (c) => c.primaryKey().references("initiatives.id").onDelete("cascade"))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id"))
    .execute();
  await db.schema.createIndex("campaign_entries_campaign").on("campaign_entries").columns(["campaign_id", "initiative_id"]).execute();

  await db.schema
    .createTable("campaign_counts")
    .addColumn("campaign_id", "integer", (c) => c.primaryKey().references("campaigns.id").onDelete("cascade"))
    .addColumn("submitted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("recognised", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("not_recognised", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await id(db.schema.createTable("adoptions"))
    .addColumn("initiative_id", "integer", (c: any) => c.notNull().references("initiatives.id").onDelete("cascade"))
    .addColumn("agency_id", "integer", (c: any) => c.references("agencies.id"))
    .addColumn("unit_id", "integer", (c: any) => c.references("units.id"))
    .addColumn("adopted_on", "text", (c: any) => c.notNull())
    .addColumn("result", "text", (c: any) => c.notNull())
    .addColumn("attachment_id", "integer", (c: any) => c.references("attachments.id").onDelete("set null"))
    .addColumn("created_at", "text", (c: any) => c.notNull())
    .addColumn("created_by", "integer", (c: any) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint("adoptions_one_place", sql`(agency_id is null) <> (unit_id is null)`)
    .execute();
  await db.schema.createIndex("adoptions_initiative").on("adoptions").columns(["initiative_id", "adopted_on"]).execute();

  // The counters follow the entries and the initiatives' statuses. "Recognised" includes "published", which only
  // ever follows it; a decision is counted once, when the status first reaches it.
  const decided = (s: string) => `${s} IN ('recognised', 'published')`;
  if (postgres) {
    await sql
      .raw(
        `CREATE FUNCTION sk_campaign_entry_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE st text;
        BEGIN
          SELECT status INTO st FROM initiatives WHERE id = NEW.initiative_id;
          INSERT INTO campaign_counts (campaign_id, submitted, recognised, not_recognised)
            VALUES (NEW.campaign_id, 1, CASE WHEN ${decided("st")} THEN 1 ELSE 0 END, CASE WHEN st = 'not_recognised' THEN 1 ELSE 0 END)
            ON CONFLICT (campaign_id) DO UPDATE SET submitted = campaign_counts.submitted + 1,
              recognised = campaign_counts.recognised + EXCLUDED.recognised,
              not_recognised = campaign_counts.not_recognised + EXCLUDED.not_recognised;
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER campaign_entries_counted AFTER INSERT ON campaign_entries
         FOR EACH ROW EXECUTE FUNCTION sk_campaign_entry_counted()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION sk_campaign_decision_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE campaign_counts SET
              recognised = recognised + CASE WHEN ${decided("NEW.status")} AND NOT ${decided("OLD.status")} THEN 1 ELSE 0 END,
              not_recognised = not_recognised + CASE WHEN NEW.status = 'not_recognised' AND OLD.status <> 'not_recognised' THEN 1 ELSE 0 END
            WHERE campaign_id = (SELECT campaign_id FROM campaign_entries WHERE initiative_id = NEW.id);
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER initiatives_campaign_counted AFTER UPDATE OF status ON initiatives FOR EACH ROW
         WHEN ((${decided("NEW.status")} AND NOT ${decided("OLD.status")}) OR (NEW.status = 'not_recognised' AND OLD.status <> 'not_recognised'))
         EXECUTE FUNCTION sk_campaign_decision_counted()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION sk_public_pages_and_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE public_state SET version = version + 1 WHERE key IN ('pages', 'publications');
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    for (const table of VERSIONED)
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_and_data_changed()`,
        )
        .execute(db);
    return;
  }

  await sql
    .raw(
      `CREATE TRIGGER campaign_entries_counted AFTER INSERT ON campaign_entries BEGIN
         INSERT INTO campaign_counts (campaign_id) VALUES (NEW.campaign_id) ON CONFLICT (campaign_id) DO NOTHING;
         UPDATE campaign_counts SET submitted = submitted + 1,
             recognised = recognised + (SELECT CASE WHEN ${decided("status")} THEN 1 ELSE 0 END FROM initiatives WHERE id = NEW.initiative_id),
             not_recognised = not_recognised + (SELECT CASE WHEN status = 'not_recognised' THEN 1 ELSE 0 END FROM initiatives WHERE id = NEW.initiative_id)
           WHERE campaign_id = NEW.campaign_id;
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER initiatives_campaign_counted AFTER UPDATE OF status ON initiatives
       WHEN (${decided("NEW.status")} AND NOT ${decided("OLD.status")}) OR (NEW.status = 'not_recognised' AND OLD.status <> 'not_recognised')
       BEGIN
         UPDATE campaign_counts SET
             recognised = recognised + (CASE WHEN ${decided("NEW.status")} THEN 1 ELSE 0 END),
             not_recognised = not_recognised + (CASE WHEN NEW.status = 'not_recognised' THEN 1 ELSE 0 END)
           WHERE campaign_id = (SELECT campaign_id FROM campaign_entries WHERE initiative_id = NEW.id);
       END`,
    )
    .execute(db);
  for (const table of VERSIONED)
    for (const event of ["INSERT", "UPDATE", "DELETE"])
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
             UPDATE public_state SET version = version + 1 WHERE key IN ('pages', 'publications');
           END`,
        )
        .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`DROP TRIGGER IF EXISTS initiatives_campaign_counted ON initiatives`).execute(db);
  } else {
    await sql.raw(`DROP TRIGGER IF EXISTS initiatives_campaign_counted`).execute(db);
  }
  for (const table of ["adoptions", "campaign_counts", "campaign_entries", "campaigns"])
    await db.schema.dropTable(table).ifExists().execute();
  if (isPostgres(db)) {
    await sql.raw(`DROP FUNCTION IF EXISTS sk_campaign_entry_counted()`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_campaign_decision_counted()`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_public_pages_and_data_changed()`).execute(db);
  }
}
