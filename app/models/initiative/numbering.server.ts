/**
 * Unique numbers issued in order: tracking codes (SK-2026-000041) and certificate numbers (CN-2026-0007)
 * (docs/decisions/015-unique-numbers-and-write-transactions.md). Each kind and year has one counter row; taking
 * a number is one statement inside the transaction that writes the numbered row:
 *
 *   INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value
 *
 * (an UPDATE … RETURNING that also creates a new year's row). The row stays locked until the transaction ends:
 * on PostgreSQL a concurrent writer waits for the row and then reads the committed value, on SQLite the write
 * lock admits one writer at a time. A transaction that rolls back gives its number back, so registers have no gaps.
 * max()+1 instead lets two transactions read the same maximum, and one of them fails on the unique index.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

export type CounterKind = "tracking" | "certificate" | "city_certificate";

export const counterName = (kind: CounterKind, year: number) => `${kind}:${year}`;

/** Takes the next number of a kind and year. Call it inside the transaction that stores the number. */
export async function takeNumber(trx: Transaction<Database>, kind: CounterKind, year: number): Promise<number> {
  const row = await trx
    .insertInto("counters")
    .values({ name: counterName(kind, year), value: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql`counters.value + 1` }))
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** The number the next taker would get (for display and tests; it is not reserved). */
export async function peekNumber(db: Executor, kind: CounterKind, year: number): Promise<number> {
  const row = await db.selectFrom("counters").select("value").where("name", "=", counterName(kind, year)).executeTakeFirst();
  return Number(row?.value ?? 0) + 1;
}

/**
 * Raises every counter to the highest number already stored, for rows written past takeNumber (the demo's
 * decisions, bulk loads; the benchmark's builder calls every rebuild* function). Same statement as migration
 * 0009's initialisation, but never lowers a counter.
 */
export async function rebuildCounters(db: Executor): Promise<void> {
  for (const [kind, table, column, pattern] of [
    ["tracking", "initiatives", "code", "SK-____-%"],
    ["certificate", "decisions", "certificate_number", "CN-____-%"],
    ["city_certificate", "city_nominations", "certificate_number", "TP-____-%"],
  ] as const) {
    await sql`
      INSERT INTO counters (name, value)
      SELECT name, value FROM (
        SELECT ${sql.lit(kind)} || ':' || substr(${sql.ref(column)}, 4, 4) AS name, max(CAST(substr(${sql.ref(column)}, 9) AS integer)) AS value
        FROM ${sql.table(table)}
        WHERE ${sql.ref(column)} LIKE ${pattern}
        GROUP BY substr(${sql.ref(column)}, 4, 4)
      ) AS stored WHERE true
      ON CONFLICT (name) DO UPDATE SET value = CASE WHEN excluded.value > counters.value THEN excluded.value ELSE counters.value END`.execute(
      db,
    );
  }
}
