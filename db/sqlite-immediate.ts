/**
 * Kysely's SQLite dialect with write transactions that take the write lock when they begin.
 *
 * Kysely's own driver sends a plain deferred `BEGIN` and ignores the transaction settings (kysely issue #1152).
 * With several processes on one file (WEB_CONCURRENCY ≥ 2), a deferred transaction that reads and then writes
 * fails its first write with SQLITE_BUSY at once when another process wrote in between: its snapshot is stale, and
 * busy_timeout cannot help. Here every `db.transaction()` begins with `BEGIN IMMEDIATE`, so the write lock is taken
 * before the first read and the transaction can no longer fail half-way; no caller has to remember it.
 *
 * Waiting for that lock happens here, asynchronously, with jittered retries: better-sqlite3 would otherwise wait
 * inside its synchronous busy handler and stall every other request of the process meanwhile. The wait is bounded
 * by the connection's busy_timeout, as a statement's wait is. A transaction asked for as read only
 * (`db.transaction().setAccessMode("read only")`) begins deferred: it reads a snapshot and never takes the lock.
 */
import type SQLite from "better-sqlite3";
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";

/** The write lock did not come free within the connection's busy_timeout. */
export class WriteLockTimeoutError extends Error {
  readonly code = "SQLITE_BUSY_TIMEOUT";
  constructor(cause: unknown) {
    super("the database stayed locked by another writer", { cause });
  }
}

export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** The longest pause between two attempts: short, as a write transaction here lasts milliseconds. */
const MAX_PAUSE_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `BEGIN IMMEDIATE` on `database`, retried while another connection holds the write lock, for at most the
 * connection's busy_timeout. The caller must own the connection (Kysely's driver mutex does) while this waits.
 */
export async function beginImmediate(database: SQLite.Database): Promise<void> {
  const timeout = Number(database.pragma("busy_timeout", { simple: true }) ?? 0);
  const deadline = Date.now() + timeout;
  // Fail fast and wait below, off the synchronous busy handler; the statements inside keep the usual timeout.
  database.pragma("busy_timeout = 0");
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        database.exec("begin immediate");
        return;
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
        if (Date.now() >= deadline) throw new WriteLockTimeoutError(err);
        // Full jitter on a doubling ceiling: the writers of several processes spread out instead of retrying in step.
        await sleep(Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt));
      }
    }
  } finally {
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(timeout))}`);
  }
}

/** Prepared statements kept per connection; enough for every query shape the app sends, bounded for ad hoc SQL. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely's driver sees it, with its prepared statements kept by SQL text. Kysely's SQLite driver
 * prepares every query afresh, and compiling a statement (parsing, planning the joins and the full-text match) cost
 * more CPU than running most of the app's reads. A statement still being iterated (a streamed export) is busy: the
 * caller then gets a fresh one, so two readers never share a cursor. SQLite recompiles a kept statement by itself
 * when the schema changes under it.
 */
export function withStatementCache(database: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string): SQLite.Statement {
      const kept = statements.get(sqlText);
      if (kept && !kept.busy) {
        // Map keeps insertion order: re-inserting makes it the most recently used.
        statements.delete(sqlText);
        statements.set(sqlText, kept);
        return kept;
      }
      const statement = database.prepare(sqlText);
      if (!kept) {
        statements.set(sqlText, statement);
        if (statements.size > size) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: SQLite.Database;

  constructor(database: SQLite.Database) {
    super({ database: withStatementCache(database) });
    this.#database = database;
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === "read only") {
      await connection.executeQuery(CompiledQuery.raw("begin"));
      return;
    }
    await beginImmediate(this.#database);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite ends the transaction itself after some errors (a full disk, an I/O error); a ROLLBACK then would
    // fail and hide the error that matters.
    if (!this.#database.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database;

  constructor(database: SQLite.Database) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#database);
  }
}
