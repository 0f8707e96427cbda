/**
 * Shared by the operator's commands db:backup, db:restore and db:copy (docs/decisions/019-backup-restore-and-copy.md):
 * one-line failures, URLs without their password, the application's tables on either engine, row counts, and the
 * per-table checksum that gives the same value on SQLite and PostgreSQL for the same rows.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { engineOf } from "../client";

/** A problem the operator must fix: printed as one line, exit code 1, never a stack trace. */
export class OperatorError extends Error {}

export function fail(message: string): never {
  throw new OperatorError(message);
}

export function step(message: string) {
  console.log(message);
}

/** Runs a command's main function: one line per failure, exit code 1; a password never reaches the output. */
export function runCommand(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      // one line, also for the environment's multi-line report
      console.error(
        redactText(
          message
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean)
            .join(" "),
        ),
      );
      process.exit(1);
    },
  );
}

/** The URL as it may be printed: the password replaced. */
export function redact(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

function redactText(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/g, "$1:***@");
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export function checkScheme(url: string, what: string) {
  if (!url.startsWith("file:") && !isPostgresUrl(url)) {
    fail(`${what} must start with file: (SQLite) or postgres:// (PostgreSQL), not ${JSON.stringify(/^[^:/]*:?/.exec(url)?.[0] ?? "")}`);
  }
}

/** Fails with one line when the database cannot be reached or refuses the login. */
export async function checkReachable(db: Kysely<any>, url: string) {
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    fail(`cannot reach the database ${redact(url)}: ${(err as Error).message}`);
  }
}

/**
 * The application's tables: not the migrator's bookkeeping, not SQLite's internals, not the full-text index
 * (an SQLite virtual table and its shadow tables, which PostgreSQL replaces by an index it maintains itself).
 */
export async function appTables(db: Kysely<any>): Promise<string[]> {
  if (engineOf(db) === "postgres") {
    const r = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return r.rows.map((x) => x.name).filter((n) => !n.startsWith("kysely_"));
  }
  const r = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table' order by name`.execute(
    db,
  );
  const virtual = r.rows.filter((x) => /^create virtual table/i.test(x.sql ?? "")).map((x) => x.name);
  return r.rows
    .map((x) => x.name)
    .filter((n) => !n.startsWith("sqlite_") && !n.startsWith("kysely_") && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
}

export const quote = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table or column name ${name}`);
  return `"${name}"`;
};

export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(quote(table))}`.execute(db);
  return Number(r.rows[0].n);
}

export async function countAll(db: Kysely<any>, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await countRows(db, t);
  return out;
}

export interface TableShape {
  columns: string[];
  /** primary key columns in key order; integer ones flagged, so PostgreSQL sorts text keys bytewise as SQLite does */
  key: { name: string; integer: boolean }[];
}

export async function tableShape(db: Kysely<any>, table: string): Promise<TableShape> {
  if (engineOf(db) === "postgres") {
    const cols = await sql<{ name: string; type: string }>`select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    const pk = await sql<{ name: string }>`select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${table}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`.execute(db);
    const types = new Map(cols.rows.map((c) => [c.name, c.type]));
    return {
      columns: cols.rows.map((c) => c.name),
      key: pk.rows.map((k) => ({ name: k.name, integer: /int/.test(types.get(k.name) ?? "") })),
    };
  }
  const info = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${table})`.execute(db);
  return {
    columns: info.rows.map((c) => c.name),
    key: info.rows
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => ({ name: c.name, integer: /int/i.test(c.type) })),
  };
}

export function orderBy(db: Kysely<any>, shape: TableShape): string {
  const postgres = engineOf(db) === "postgres";
  const key = shape.key.length ? shape.key : shape.columns.map((name) => ({ name, integer: false }));
  // SQLite compares text bytewise (BINARY); PostgreSQL's "C" collation does the same for UTF-8.
  return key.map((k) => `${quote(k.name)}${postgres && !k.integer ? ' collate "C"' : ""}`).join(", ");
}

/** One value as both engines return it for the same stored data: integers and booleans as digits, bytes as hex. */
function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "1" : "0";
  if (v instanceof Uint8Array) return { hex: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex") };
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export function rowLine(row: Record<string, unknown>, columns: string[]): string {
  return JSON.stringify(columns.map((c) => canonical(row[c])));
}

/**
 * sha256 over the rows in primary-key order, each the JSON of its values in the order of `columns`, normalised
 * (canonical): the same data gives the same value on either engine. Read in pages, so a large table is never
 * whole in memory.
 */
export async function tableChecksum(
  db: Kysely<any>,
  table: string,
  columns: string[],
  shape?: TableShape,
): Promise<{ rows: number; sha256: string }> {
  const s = shape ?? (await tableShape(db, table));
  const hash = crypto.createHash("sha256");
  let rows = 0;
  for await (const page of pages(db, table, s)) {
    for (const row of page) hash.update(rowLine(row, columns) + "\n");
    rows += page.length;
  }
  return { rows, sha256: hash.digest("hex") };
}

export const PAGE_ROWS = 1000;

/**
 * The table's rows in primary-key order, `size` at a time: by keyset on a single integer key (every table with
 * an id), by offset otherwise (the few small tables keyed by names or pairs).
 */
export async function* pages(
  db: Kysely<any>,
  table: string,
  shape: TableShape,
  size = PAGE_ROWS,
): AsyncGenerator<Record<string, unknown>[]> {
  const t = sql.raw(quote(table));
  const order = sql.raw(orderBy(db, shape));
  const keyset = shape.key.length === 1 && shape.key[0].integer ? shape.key[0].name : null;
  let last: number | null = null;
  for (let offset = 0; ; offset += size) {
    const r: { rows: Record<string, unknown>[] } = keyset
      ? await sql<
          Record<string, unknown>
        >`select * from ${t} ${last === null ? sql`` : sql`where ${sql.ref(keyset)} > ${last}`} order by ${order} limit ${size}`.execute(db)
      : await sql<Record<string, unknown>>`select * from ${t} order by ${order} limit ${size} offset ${offset}`.execute(db);
    if (r.rows.length === 0) return;
    if (keyset) last = Number(r.rows[r.rows.length - 1][keyset]);
    yield r.rows;
    if (r.rows.length < size) return;
  }
}

export function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash("sha256");
    let size = 0;
    fs.createReadStream(file)
      .on("data", (c) => {
        hash.update(c);
        size += (c as Buffer).length;
      })
      .on("end", () => resolve({ sha256: hash.digest("hex"), size }))
      .on("error", reject);
  });
}

export interface Manifest {
  format: 1;
  engine: "sqlite" | "postgres";
  createdAt: string;
  /** the database's part of the backup, relative to the backup folder */
  database: string;
  tables: Record<string, number>;
  /** every file the backup wrote except this manifest, with its sha256 */
  files: { path: string; size: number; sha256: string }[];
}

export const MANIFEST = "manifest.json";

/** A Kysely handle on a SQLite file that leaves its journal mode alone (createDb switches to WAL). */
export function sqliteReader(file: string, readonly = true): Kysely<any> {
  return new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly, fileMustExist: true }) }) });
}
