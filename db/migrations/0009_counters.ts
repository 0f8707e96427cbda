// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Unique numbers (tracking codes, certificate numbers) come from counter rows taken inside the writing
// transaction, not from max()+1 (docs/decisions/015-unique-numbers-and-write-transactions.md): one row per
// kind and year, e.g. ("tracking:2026", 41), holding the last number issued. Initialised from what exists.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("counters")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();
  // SK-2026-000041 and CN-2026-0007: the year is characters 4-7, the number starts at character 9.
  for (const [kind, table, column, pattern] of [
    ["tracking", "initiatives", "code", "SK-____-%"],
    ["certificate", "decisions", "certificate_number", "CN-____-%"],
  ] as const) {
    await sql`
      INSERT INTO counters (name, value)
      SELECT ${sql.lit(kind)} || ':' || substr(${sql.ref(column)}, 4, 4), max(CAST(substr(${sql.ref(column)}, 9) AS integer))
      FROM ${sql.table(table)}
      WHERE ${sql.ref(column)} LIKE ${pattern}
      GROUP BY substr(${sql.ref(column)}, 4, 4)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("counters").ifExists().execute();
}
