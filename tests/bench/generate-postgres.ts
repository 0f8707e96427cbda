/**
 * The benchmark database on PostgreSQL: a copy, row for row, of the SQLite one that generate.ts builds, so the two
 * engines answer the same pages over the same data. The schema comes from the real migrations; the rows go in
 * through `COPY … FROM STDIN` in CSV (csv-stringify), piped into psql's `\copy`: node-postgres has no COPY of
 * its own (it needs pg-copy-streams, which the project does not depend on), and psql ships with PostgreSQL.
 *
 * The database is `sk_bench_<N>` on BENCH_DATABASE_URL (else TEST_DATABASE_URL), whose role may create databases.
 * It is kept across runs while the SQLite file's cache key is unchanged (the key is the database's comment), and
 * each run works on a clone of it (CREATE DATABASE … TEMPLATE), as the SQLite run works on a copy of its file.
 * `tsx tests/bench/generate-postgres.ts 10000` builds (or reuses) it from the command line.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import pg from "pg";
import { stringify } from "csv-stringify";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { cacheKey, ensureBenchDb } from "./generate";

export function benchAdminUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("--engine postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL)=postgres://user:password@host/db");
  return url;
}

export function urlOf(name: string): string {
  const u = new URL(benchAdminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: benchAdminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad name ${name}`);
  return `"${name}"`;
};

export const postgresVersion = () =>
  admin((c) => c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).then((r) => r.rows[0].v.split(" ")[0]);

export const dropBenchDatabase = (name: string) =>
  admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => {});

/** A clone of the cached database for one run (the server writes sessions and login attempts). */
export async function cloneBenchDatabase(template: string, name: string): Promise<string> {
  await dropBenchDatabase(name);
  await admin((c) => c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`));
  return urlOf(name);
}

function pgKey(n: number): string {
  const h = crypto
    .createHash("sha256")
    .update(cacheKey(n))
    .update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return h.digest("hex").slice(0, 16);
}

/** Returns the name of a PostgreSQL database of `n` initiatives, building it unless a current one exists. */
export async function ensurePostgresBenchDb(
  n: number,
  log: (s: string) => void = console.log,
): Promise<{ name: string; sqliteFile: string }> {
  const sqliteFile = await ensureBenchDb(n, log);
  const name = `sk_bench_${n}`;
  const key = pgKey(n);
  const current = await admin(async (c) => {
    const r = await c.query<{ d: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [
      name,
    ]);
    return r.rows[0]?.d ?? null;
  });
  if (current === key) {
    log(`PostgreSQL database of ${n.toLocaleString("en")} initiatives: cached (${name})`);
    return { name, sqliteFile };
  }
  const started = Date.now();
  const building = `${name}_building`;
  await dropBenchDatabase(building);
  await admin((c) => c.query(`CREATE DATABASE ${ident(building)}`));
  try {
    await load(sqliteFile, urlOf(building), log);
  } catch (err) {
    await dropBenchDatabase(building);
    throw err;
  }
  await dropBenchDatabase(name);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE ${ident(building)} RENAME TO ${ident(name)}`);
    await c.query(`COMMENT ON DATABASE ${ident(name)} IS '${key}'`);
  });
  log(`PostgreSQL database of ${n.toLocaleString("en")} initiatives built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { name, sqliteFile };
}

/** Parents before children, by the SQLite file's foreign keys, so COPY meets every referenced row first. */
function loadOrder(sqlite: SQLite.Database, tables: string[]): string[] {
  const deps = new Map(
    tables.map((t) => [
      t,
      (sqlite.prepare(`select "table" as parent from pragma_foreign_key_list(?)`).all(t) as { parent: string }[]).map((r) => r.parent),
    ]),
  );
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: string[]) => {
    if (seen.has(t) || stack.includes(t)) return;
    for (const p of deps.get(t) ?? []) if (p !== t && deps.has(p)) visit(p, [...stack, t]);
    seen.add(t);
    out.push(t);
  };
  for (const t of tables) visit(t, []);
  return out;
}

async function copyTable(sqlite: SQLite.Database, url: string, table: string, columns: string[]): Promise<number> {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const psql = spawn("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", `\\copy "${table}" (${cols}) from stdin with (format csv)`], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  psql.stderr.on("data", (d) => (stderr += d));
  const exited = once(psql, "close");
  // An empty string is quoted and NULL is left bare: PostgreSQL's CSV reads a bare empty field as NULL.
  const csv = stringify({ quoted_match: /^$/ });
  csv.pipe(psql.stdin);
  let rows = 0;
  for (const row of sqlite.prepare(`select ${cols} from "${table}"`).raw().iterate() as Iterable<unknown[]>) {
    rows++;
    if (!csv.write(row)) await once(csv, "drain");
  }
  csv.end();
  const [code] = (await exited) as [number];
  if (code !== 0) throw new Error(`COPY into ${table} failed: ${stderr}`);
  return rows;
}

async function load(sqliteFile: string, url: string, log: (s: string) => void) {
  const db = createDb(url);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sqlite = new SQLite(sqliteFile, { readonly: true });
  try {
    const pgColumns = new Map<string, string[]>();
    const r = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    for (const row of r.rows) pgColumns.set(row.table_name, [...(pgColumns.get(row.table_name) ?? []), row.column_name]);
    const sqliteTables = new Set(
      (
        sqlite.prepare(`select name from sqlite_master where type = 'table' and sql not like '%virtual table%'`).all() as { name: string }[]
      ).map((x) => x.name),
    );
    // The migrations' bookkeeping is PostgreSQL's own already; everything else is the data.
    const tables = [...pgColumns.keys()].filter((t) => sqliteTables.has(t) && !t.startsWith("kysely_"));
    const order = loadOrder(sqlite, tables);
    // The rows of derived tables (counters, the publications version, commendation_rank) come from SQLite as they
    // are: the triggers that keep them would count every row a second time, so they are off during the load.
    await client.query(`TRUNCATE ${order.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
    for (const t of order) await client.query(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
    for (const t of order) {
      const have = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).all(t) as { name: string }[]).map((x) => x.name));
      const columns = pgColumns.get(t)!.filter((c) => have.has(c));
      const started = Date.now();
      const rows = await copyTable(sqlite, url, t, columns);
      if (rows >= 10_000) log(`  ${t}: ${rows.toLocaleString("en")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const t of order) await client.query(`ALTER TABLE "${t}" ENABLE TRIGGER USER`);
    // Explicit ids bypassed the serial sequences: the next insert must not collide.
    const seqs = await client.query<{ table_name: string; column_name: string; seq: string }>(
      `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
         FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const s of seqs.rows) {
      if (!s.seq) continue;
      await client.query(`SELECT setval($1, coalesce((SELECT max("${s.column_name}") FROM "${s.table_name}"), 0) + 1, false)`, [s.seq]);
    }
    await client.query("VACUUM ANALYZE");
  } finally {
    sqlite.close();
    await client.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  for (const n of sizes.length ? sizes : [10_000]) await ensurePostgresBenchDb(n);
}
