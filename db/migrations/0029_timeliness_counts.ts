// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The on-time figures of /statistics from counters instead of every `service_times` row (decision 037, "Counted,
// not recomputed"). The application keeps them in the transaction that writes a `service_times` row; the rules
// below are those of `timelinessContributions` in app/models/service-targets/targets.ts when this was written:
// - `timeliness_tallies(measure, on_date, place, n)`, place 'city', 'agency:<id>' or 'unit:<id>':
//   'cases' (every row), 'ack_on_time'/'ack_late' (screening started, or a case closed unstarted after its target)
//   and 'dec_on_time'/'dec_late' (decided) with on_date ''; 'ack_open' (neither started nor closed) and 'dec_open'
//   (not decided, not rejected or withdrawn) both as a total (on_date '') and per target date (ack_target_on, due_on).
// - `stage_days(stage, days, n)`: how many cases took that many calendar days over a stage, for the medians.
// Both feed /statistics: the version triggers of migration 0020 bump `public_state.pages` when they change.
import { PostgresAdapter, sql, type Kysely } from "kysely";

const TABLES = ["timeliness_tallies", "stage_days"];

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .createTable("timeliness_tallies")
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("on_date", "text", (c) => c.notNull())
    .addColumn("place", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("timeliness_tallies_pk", ["measure", "on_date", "place"])
    .execute();
  await db.schema
    .createTable("stage_days")
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("stage_days_pk", ["stage", "days"])
    .execute();

  const place = `CASE WHEN scope_type = 'agency' AND agency_id IS NOT NULL THEN 'agency:' || CAST(agency_id AS text)
    WHEN scope_type = 'unit' AND unit_id IS NOT NULL THEN 'unit:' || CAST(unit_id AS text) ELSE 'city' END`;
  const rows = (measure: string, onDate: string, where: string) =>
    `SELECT ${measure} AS measure, ${onDate} AS on_date, ${place} AS place FROM service_times WHERE ${where}`;
  const parts = [
    rows(`'cases'`, `''`, `1 = 1`),
    rows(
      `CASE WHEN acknowledged_on IS NOT NULL AND acknowledged_on <= ack_target_on THEN 'ack_on_time' ELSE 'ack_late' END`,
      `''`,
      `acknowledged_on IS NOT NULL OR (closed_on IS NOT NULL AND closed_on > ack_target_on)`,
    ),
    rows(`'ack_open'`, `''`, `acknowledged_on IS NULL AND closed_on IS NULL`),
    rows(`'ack_open'`, `ack_target_on`, `acknowledged_on IS NULL AND closed_on IS NULL`),
    rows(`CASE WHEN decided_on <= due_on THEN 'dec_on_time' ELSE 'dec_late' END`, `''`, `decided_on IS NOT NULL`),
    rows(`'dec_open'`, `''`, `decided_on IS NULL AND COALESCE(outcome, '') NOT IN ('rejected', 'withdrawn')`),
    rows(`'dec_open'`, `due_on`, `decided_on IS NULL AND COALESCE(outcome, '') NOT IN ('rejected', 'withdrawn')`),
  ];
  await sql
    .raw(
      `INSERT INTO timeliness_tallies (measure, on_date, place, n)
       SELECT measure, on_date, place, count(*) FROM (${parts.join(" UNION ALL ")}) x GROUP BY measure, on_date, place`,
    )
    .execute(db);

  // Whole calendar days between two `YYYY-MM-DD` dates, never negative.
  const days = (from: string, to: string) =>
    postgres
      ? `GREATEST(0, CAST(${to} AS date) - CAST(${from} AS date))`
      : `MAX(0, CAST(ROUND(julianday(${to}) - julianday(${from})) AS integer))`;
  const stage = (name: string, from: string, to: string) =>
    `SELECT '${name}' AS stage, ${days(from, to)} AS days FROM service_times WHERE ${from} IS NOT NULL AND ${to} IS NOT NULL`;
  const stages = [
    stage("screening_start", "received_on", "acknowledged_on"),
    stage("screening", "acknowledged_on", "review_on"),
    stage("review", "review_on", "council_on"),
    stage("council", "council_on", "decided_on"),
  ];
  await sql
    .raw(
      `INSERT INTO stage_days (stage, days, n)
       SELECT stage, days, count(*) FROM (${stages.join(" UNION ALL ")}) x GROUP BY stage, days`,
    )
    .execute(db);

  if (postgres) {
    for (const table of TABLES)
      await sql
        .raw(
          `CREATE TRIGGER ${table}_public_pages AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION sk_public_pages_changed()`,
        )
        .execute(db);
    return;
  }
  for (const table of TABLES)
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
  await db.schema.dropTable("stage_days").execute();
  await db.schema.dropTable("timeliness_tallies").execute();
}
