// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The staff queue at a million initiatives: counts per status come from a small table that triggers keep
// exact on every insert, status change and delete (whoever writes: lifecycle, seed, bench builder), so
// the queue never counts the big table; and indexes that match the remaining filters and sort orders.
import { Kysely, PostgresAdapter, sql } from "kysely";

const OPEN = "status IN ('submitted', 'screening', 'needs_info', 'in_review', 'council')";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("status_counts")
    .addColumn("status", "text", (c) => c.primaryKey())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO status_counts (status, n) SELECT status, count(*) FROM initiatives GROUP BY status`.execute(db);

  if (isPostgres(db)) {
    await sql`
      CREATE FUNCTION initiatives_status_counts() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
          UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
        END IF;
        IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
          INSERT INTO status_counts (status, n) VALUES (NEW.status, 1)
          ON CONFLICT (status) DO UPDATE SET n = status_counts.n + 1;
        END IF;
        RETURN NULL;
      END
      $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER initiatives_count_insert_delete AFTER INSERT OR DELETE ON initiatives
      FOR EACH ROW EXECUTE FUNCTION initiatives_status_counts()`.execute(db);
    await sql`CREATE TRIGGER initiatives_count_update AFTER UPDATE OF status ON initiatives
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION initiatives_status_counts()`.execute(db);
  } else {
    await sql`CREATE TRIGGER initiatives_count_insert AFTER INSERT ON initiatives BEGIN
        INSERT INTO status_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END`.execute(db);
    await sql`CREATE TRIGGER initiatives_count_update AFTER UPDATE OF status ON initiatives
      WHEN OLD.status <> NEW.status BEGIN
        UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
        INSERT INTO status_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END`.execute(db);
    await sql`CREATE TRIGGER initiatives_count_delete AFTER DELETE ON initiatives BEGIN
        UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
      END`.execute(db);
  }

  // Filters and orders of the queue that 0001 does not cover; each ends in (submitted_at, id) or (due_on, id)
  // so a filtered first page is an index range read in order, with keyset pages after it.
  await db.schema
    .createIndex("initiatives_domain_submitted")
    .on("initiatives")
    .columns(["procedure_domain", "submitted_at", "id"])
    .execute();
  await db.schema.createIndex("initiatives_unit_submitted").on("initiatives").columns(["unit_id", "submitted_at", "id"]).execute();
  await db.schema.createIndex("initiatives_due").on("initiatives").columns(["due_on", "id"]).execute();
  await db.schema.createIndex("initiatives_status_due_id").on("initiatives").columns(["status", "due_on", "id"]).execute();
  // Open initiatives only (a partial index, SQLite and PostgreSQL alike): "overdue" sorted by due date reads this in order and
  // stops after one page. The predicate must stay word for word what queue.server.ts writes.
  await sql.raw(`CREATE INDEX initiatives_open_due ON initiatives (due_on, id) WHERE ${OPEN}`).execute(db);
  await db.schema
    .createIndex("assignments_reviewer_initiative")
    .on("assignments")
    .columns(["reviewer_id", "initiative_id", "status"])
    .execute();
  await db.schema.createIndex("login_attempts_at").on("login_attempts").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    "login_attempts_at",
    "assignments_reviewer_initiative",
    "initiatives_status_due_id",
    "initiatives_open_due",
    "initiatives_due",
    "initiatives_unit_submitted",
    "initiatives_domain_submitted",
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS initiatives_count_update ON initiatives`.execute(db);
    await sql`DROP TRIGGER IF EXISTS initiatives_count_insert_delete ON initiatives`.execute(db);
    await sql`DROP FUNCTION IF EXISTS initiatives_status_counts()`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS initiatives_count_insert`.execute(db);
    await sql`DROP TRIGGER IF EXISTS initiatives_count_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS initiatives_count_delete`.execute(db);
  }
  await db.schema.dropTable("status_counts").ifExists().execute();
}
