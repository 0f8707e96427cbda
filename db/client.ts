/**
 * Opens the database named by DATABASE_URL: `file:./data/app.sqlite` (embedded, the default)
 * or `postgres://…` (several app instances). Nothing else in the app needs to know which.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresAdapter, PostgresDialect } from "kysely";
import type { Database } from "./schema";
import { ImmediateSqliteDialect } from "./sqlite-immediate";

export type Engine = "sqlite" | "postgres";
export type DB = Kysely<Database>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations and tests pass their own
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

export function sqlitePathOf(url: string): string | null {
  if (/^postgres(ql)?:\/\//.test(url)) return null;
  // A mistyped scheme (postgre://, mysql://) must not become a new SQLite file named after the URL.
  if (!url.startsWith("file:")) throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)");
  return url.slice("file:".length);
}

export function createDb(url: string): DB {
  const file = sqlitePathOf(url);
  if (file === null) {
    // pg returns BIGINT (count(*)) as string by default; our counts fit in a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: resilientPool(url) }) });
  }
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${sqliteSynchronous()}`);
  // Every transaction begins IMMEDIATE (db/sqlite-immediate.ts): processes sharing the file never fail half-way.
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
}

/**
 * SQLite's `synchronous` (WAL mode), from SQLITE_SYNCHRONOUS, else FULL in production and NORMAL elsewhere. Both
 * keep every commit through a killed process (kill -9, a crash, the OOM killer); FULL also through a power cut or a
 * kernel panic, for one fsync per commit (about 3.5 ms here): a citizen's receipt must not name a lost submission.
 * Figures and reasoning: docs/decisions/017-crash-durability.md.
 */
export function sqliteSynchronous(
  value = process.env.SQLITE_SYNCHRONOUS,
  production = process.env.NODE_ENV === "production",
): "NORMAL" | "FULL" {
  const v = (value ?? "").trim().toUpperCase() || (production ? "FULL" : "NORMAL");
  if (v !== "NORMAL" && v !== "FULL") throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, not ${value}`);
  return v;
}

/**
 * A pool that outlives its connections. A connection that dies (pg_terminate_backend, a restart, a failover, an
 * idle timeout) makes its client emit `error`; with no listener Node ends the process — every worker of a cluster
 * at once. The pool drops the dead client and the next query opens a new connection, so the listeners only log.
 * Connecting gives up after a while, so a request fails (503) instead of hanging while the database is away. pg's
 * timeout also bounds the wait for a free pooled connection, so it must outlast a burst that queues for the pool
 * (200 sign-ins at once queue behind one advisory lock): a refused or reset connection fails at once anyway.
 */
function resilientPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 20_000 });
  let lastLogged = 0;
  const log = (err: Error) => {
    // a lost database fails every client at once: one line a second is enough
    if (Date.now() - lastLogged < 1000) return;
    lastLogged = Date.now();
    console.error(`database connection lost: ${err.message}`);
  };
  // idle clients: the pool removes the client, then emits this
  pool.on("error", log);
  // clients in use (a query or a transaction under way): their query fails with the error; this keeps the event handled
  pool.on("connect", (client) => client.on("error", log));
  return pool;
}

// SQLSTATE classes and codes that mean "the database is not there", not "this query is wrong":
// 08 connection exception, 53300 too many connections, 57P01-57P03 terminated, crashed, starting or stopping.
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123])$/;
const UNAVAILABLE_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** True when an error says the database server cannot be reached, so the request should be answered 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  const code = typeof e.code === "string" ? e.code : "";
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code)) return true;
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}
