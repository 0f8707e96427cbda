/**
 * Opens the database named by DATABASE_URL: `file:./data/app.sqlite` (embedded, the default)
 * or `postgres://…` (several app instances). Nothing else in the app needs to know which.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export type Engine = "sqlite" | "postgres";
export type DB = Kysely<Database>;

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

export function sqlitePathOf(url: string): string | null {
  if (/^postgres(ql)?:\/\//.test(url)) return null;
  return url.replace(/^file:/, "");
}

export function createDb(url: string): DB {
  const file = sqlitePathOf(url);
  if (file === null) {
    // pg returns BIGINT (count(*)) as string by default; our counts fit in a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
    });
  }
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
