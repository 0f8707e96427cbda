// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The version of everything the public pages show (docs/decisions/033-rendered-page-cache.md): the servers keep
// rendered public pages in memory under this number, so it must change, in the same transaction, with every
// write to a table a public page reads. Triggers do it, so no code path can forget. The list of tables is
// checked against what the public pages really query (tests/integration/page-cache.test.ts).
// `public_state.publications` stays what it was: the validator of the open-data files and the feed.
import { sql, type Kysely } from "kysely";
import { PostgresAdapter } from "kysely";

const TABLES = [
  "publications",
  "commendation_levels",
  "units",
  "agencies",
  "stat_counts",
  "stat_decision_days",
  "attachments",
  "decisions",
];

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.insertInto("public_state").values({ key: "pages", version: 0 }).execute();
  if (isPostgres(db)) {
    await sql
      .raw(
        `CREATE FUNCTION sk_public_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE public_state SET version = version + 1 WHERE key = 'pages';
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    // One bump per statement is enough for a version: a bulk update bumps once, not once per row.
    for (const table of TABLES) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_changed()`,
        )
        .execute(db);
    }
    return;
  }
  for (const table of TABLES) {
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

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of TABLES) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_public_pages ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_public_pages_changed()`).execute(db);
  } else {
    for (const table of TABLES)
      for (const event of ["insert", "update", "delete"])
        await sql.raw(`DROP TRIGGER IF EXISTS ${table}_public_pages_${event}`).execute(db);
  }
  await db.deleteFrom("public_state").where("key", "=", "pages").execute();
}
