/**
 * Write transactions that count and then write (a limit check and the row it guards) correctly on both engines.
 *
 * SQLite: every `db.transaction()` already begins with `BEGIN IMMEDIATE` (db/sqlite-immediate.ts), so the whole
 * database is the lock and a read-then-write cannot interleave with another writer's; nothing more is needed here.
 *
 * PostgreSQL: a normal transaction; `lockKeys` are taken as transaction-scoped advisory locks before `fn` runs,
 * so two transactions guarding the same key run one after the other (READ COMMITTED then sees the other's rows).
 * Use it where the row to lock does not exist yet (a count of attempts); where it does, `SELECT … FOR UPDATE`
 * on that row in a plain transaction does the same job.
 *
 * `fn` gets a handle bound to the transaction. Keep it to short database work (never a password hash or a request
 * body read): on SQLite it holds the database's only write lock, and in this process the only connection.
 */
import { sql, type Kysely } from "kysely";
import { engineOf } from "./client";

export { WriteLockTimeoutError } from "./sqlite-immediate";

export interface WriteTransactionOptions {
  /** What the transaction guards, e.g. `login:a@b.vn`; taken in sorted order so two keys never deadlock. */
  lockKeys?: string[];
}

export async function writeTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (tx: Kysely<DB>) => Promise<T>,
  opts: WriteTransactionOptions = {},
): Promise<T> {
  const keys = engineOf(db) === "postgres" ? [...new Set(opts.lockKeys ?? [])].sort() : [];
  return db.transaction().execute(async (trx) => {
    for (const key of keys) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    return fn(trx);
  });
}
