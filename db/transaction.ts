/**
 * Write transactions that count and then write (a limit check and the row it guards) correctly on both engines.
 *
 * SQLite: Kysely's driver sends a plain deferred `BEGIN`, under which two processes can both read and then
 * one of them fails its write with SQLITE_BUSY at once, whatever busy_timeout says. We send `BEGIN IMMEDIATE`
 * ourselves on one connection, so the write lock is taken before the first read and the whole database is the lock.
 * Waiting for that lock happens here, asynchronously, with jittered retries: better-sqlite3 would otherwise wait
 * inside its synchronous busy handler and stall every other request of the process meanwhile.
 *
 * PostgreSQL: a normal transaction; `lockKeys` are taken as transaction-scoped advisory locks before `fn` runs,
 * so two transactions guarding the same key run one after the other (READ COMMITTED then sees the other's rows).
 *
 * `fn` gets a handle bound to the transaction. Keep it to short database work (never a password hash or a request
 * body read): on SQLite it holds the database's only write lock, and in this process the only connection.
 */
import { sql, type Kysely } from "kysely";
import { engineOf } from "./client";

export interface WriteTransactionOptions {
  /** What the transaction guards, e.g. `login:a@b.vn`; taken in sorted order so two keys never deadlock. */
  lockKeys?: string[];
}

/** How often `BEGIN IMMEDIATE` is tried before SQLITE_BUSY is let through; the waits add up to about 2 s at most. */
export const SQLITE_BEGIN_ATTEMPTS = 40;
const MAX_WAIT_MS = 50;

export class WriteLockTimeoutError extends Error {
  constructor(cause: unknown) {
    super("the database stayed locked by another writer", { cause });
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (tx: Kysely<DB>) => Promise<T>,
  opts: WriteTransactionOptions = {},
): Promise<T> {
  if (engineOf(db) === "postgres") {
    const keys = [...new Set(opts.lockKeys ?? [])].sort();
    return db.transaction().execute(async (trx) => {
      for (const key of keys) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
      return fn(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      // Also after a failed COMMIT: the connection is shared by the process and must not stay inside a transaction.
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}

async function beginImmediate(conn: Kysely<any>): Promise<void> {
  const previous = await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn);
  const timeout = Number(previous.rows[0]?.timeout ?? 0);
  // Fail fast and wait below, off the synchronous busy handler; the statements inside keep the usual timeout.
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (attempt >= SQLITE_BEGIN_ATTEMPTS) throw new WriteLockTimeoutError(err);
        // Full jitter on a doubling ceiling: concurrent writers spread out instead of retrying in step.
        await sleep(Math.random() * Math.min(MAX_WAIT_MS, 2 ** attempt));
      }
    }
  } finally {
    await sql.raw(`pragma busy_timeout = ${Math.max(0, Math.floor(timeout))}`).execute(conn);
  }
}
