/**
 * npm run db:backup -- --to <folder>
 *
 * An online, consistent copy while the app keeps writing (docs/decisions/019-backup-restore-and-copy.md):
 * - SQLite: SQLite's backup API (better-sqlite3 `backup()`), never a copy of the file, whose write-ahead log holds
 *   acknowledged commits; then the attachments the copied rows name, from DATA_DIR/files (or FILES_DIR);
 * - PostgreSQL: `pg_dump --format=custom` (attachments are rows there), in a snapshot the row counts are taken in too;
 *   with FILES_DIR, the attachments from that folder.
 * Last, manifest.json: rows per table and the sha256 of every file written. A folder without it is no backup.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { createDb, sqlitePathOf } from "../client";
import { getEnv } from "../../app/utils/env.server";
import {
  appTables,
  checkReachable,
  checkScheme,
  countAll,
  fail,
  isPostgresUrl,
  MANIFEST,
  OperatorError,
  redact,
  runCommand,
  sha256File,
  step,
  sqliteReader,
  type Manifest,
} from "./common";
import { runPgTool } from "./pg-tools";

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { to: { type: "string" } }, strict: true });
  if (!values.to) fail("usage: npm run db:backup -- --to <folder> (a new or empty folder)");
  const env = getEnv();
  const url = env.DATABASE_URL;
  checkScheme(url, "DATABASE_URL");
  const dir = path.resolve(values.to);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.readdirSync(dir).length > 0) fail(`${dir} is not empty: give each backup a folder of its own`);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    if (err instanceof OperatorError) throw err;
    fail(`cannot write to ${dir}: ${(err as Error).message}`);
  }
  const started = Date.now();
  step(`backup of ${redact(url)} to ${dir}`);
  const files: Manifest["files"] = [];
  const record = async (rel: string) => {
    const { sha256, size } = await sha256File(path.join(dir, rel));
    files.push({ path: rel, size, sha256 });
    return { sha256, size };
  };

  let tables: Record<string, number>;
  let database: string;
  let engine: Manifest["engine"];
  let shas: string[];
  if (isPostgresUrl(url)) {
    engine = "postgres";
    database = "database.pgdump";
    const db = createDb(url);
    try {
      await checkReachable(db, url);
      ({ tables, shas } = await dumpPostgres(db, url, path.join(dir, database)));
    } finally {
      await db.destroy();
    }
  } else {
    engine = "sqlite";
    database = "database.sqlite";
    const file = sqlitePathOf(url)!;
    if (!fs.existsSync(file)) fail(`no database at ${file}`);
    ({ tables, shas } = await backupSqlite(file, path.join(dir, database)));
  }
  const db = await record(database);
  step(`database: ${Object.values(tables).reduce((a, b) => a + b, 0)} rows in ${Object.keys(tables).length} tables, ${db.size} bytes`);

  // Attachments kept in a folder: the ones the copied rows name. Files are content-addressed and never rewritten,
  // so a file taken after the database's snapshot is the same file.
  const filesDir = env.FILES_DIR
    ? path.resolve(env.FILES_DIR)
    : engine === "sqlite"
      ? path.join(path.resolve(env.DATA_DIR), "files")
      : null;
  if (filesDir) {
    fs.mkdirSync(path.join(dir, "files"));
    for (const sha of shas) {
      const rel = `files/${sha}`;
      try {
        await fs.promises.copyFile(path.join(filesDir, sha), path.join(dir, rel));
      } catch (err) {
        fail(`attachment ${sha} is missing from ${filesDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const got = await record(rel);
      if (got.sha256 !== sha)
        fail(`attachment ${sha} in ${filesDir} does not match its checksum (${got.sha256}): the stored file is damaged`);
    }
    step(`attachments: ${shas.length} files from ${filesDir}`);
  } else {
    step(`attachments: ${shas.length} files, inside the database dump`);
  }

  const manifest: Manifest = { format: 1, engine, createdAt: new Date().toISOString(), database, tables, files };
  const tmp = path.join(dir, `${MANIFEST}.part`);
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(tmp, path.join(dir, MANIFEST));
  step(`manifest: ${files.length} files with their sha256; done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function backupSqlite(file: string, dest: string): Promise<{ tables: Record<string, number>; shas: string[] }> {
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // Large steps: a step holds a read snapshot (writers go on in WAL mode); a write between two steps restarts
    // the copy, so few steps finish even while the app writes.
    await source.backup(dest, { progress: () => 1_000_000 });
  } catch (err) {
    fail(`cannot read the database ${file}: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  const copy = new SQLite(dest);
  try {
    // One self-contained file: no write-ahead log beside it.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") fail(`the copy fails SQLite's quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  const db = sqliteReader(dest);
  try {
    const tables = await countAll(db, await appTables(db));
    const shas = (await sql<{ sha256: string }>`select distinct sha256 from attachments order by sha256`.execute(db)).rows.map(
      (r) => r.sha256,
    );
    return { tables, shas };
  } finally {
    await db.destroy();
  }
}

/**
 * pg_dump in a snapshot exported by a REPEATABLE READ transaction that also counts the rows, so the manifest's
 * counts are exactly the dump's.
 */
async function dumpPostgres(db: Kysely<any>, url: string, dest: string): Promise<{ tables: Record<string, number>; shas: string[] }> {
  return db.connection().execute(async (conn) => {
    await sql`begin isolation level repeatable read, read only`.execute(conn);
    try {
      const snapshot = (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(conn)).rows[0].id;
      const dumping = runPgTool(
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", `--snapshot=${snapshot}`, `--file=${dest}`],
        url,
      );
      const tables = await countAll(conn, await appTables(conn));
      const shas = (await sql<{ sha256: string }>`select distinct sha256 from attachments order by sha256`.execute(conn)).rows.map(
        (r) => r.sha256,
      );
      await dumping;
      return { tables, shas };
    } finally {
      await sql`commit`.execute(conn);
    }
  });
}

if (process.argv[1] && /backup\.ts$/.test(process.argv[1])) runCommand(main);
