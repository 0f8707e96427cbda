/**
 * npm run db:restore -- --from <backup folder> [--to <DATABASE_URL>]
 *
 * Restores a db:backup into an EMPTY database (and an empty attachments folder): it refuses anything else, so a
 * mistyped target never mixes two installations. The checksums in manifest.json are verified before anything is
 * written, the row counts after. The target is DATABASE_URL (and DATA_DIR, FILES_DIR) from the environment, as the
 * server reads them, unless --to names another database.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { createDb, sqlitePathOf } from "../client";
import { getEnv } from "../../app/utils/env.server";
import { databaseStore, directoryStore, type FileStore } from "../../app/utils/file-store.server";
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
  sqliteReader,
  step,
  type Manifest,
} from "./common";
import { runPgTool } from "./pg-tools";

function readManifest(dir: string): Manifest {
  let text: string;
  try {
    if (!fs.statSync(dir).isDirectory()) fail(`${dir} is not a folder`);
    text = fs.readFileSync(path.join(dir, MANIFEST), "utf8");
  } catch (err) {
    if (err instanceof OperatorError) throw err;
    fail(`${dir} is not a readable backup (no ${MANIFEST}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.format !== 1 || !m.tables || !Array.isArray(m.files) || !m.database) throw new Error("unknown format");
    return m;
  } catch (err) {
    fail(`${path.join(dir, MANIFEST)} is not a db:backup manifest: ${(err as Error).message}`);
  }
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { from: { type: "string" }, to: { type: "string" } },
    strict: true,
  });
  if (!values.from) fail("usage: npm run db:restore -- --from <backup folder> [--to <DATABASE_URL>]");
  const env = getEnv();
  const url = values.to ?? env.DATABASE_URL;
  checkScheme(url, values.to ? "--to" : "DATABASE_URL");
  const dir = path.resolve(values.from);
  const manifest = readManifest(dir);
  const engine = isPostgresUrl(url) ? "postgres" : "sqlite";
  if (manifest.engine !== engine) {
    fail(`the backup is of a ${manifest.engine} database and the target ${redact(url)} is ${engine}: use db:copy to move between engines`);
  }
  step(`restore of ${dir} (${manifest.engine}, taken ${manifest.createdAt}) into ${redact(url)}`);

  for (const f of manifest.files) {
    const file = path.join(dir, f.path);
    if (path.relative(dir, file).startsWith("..")) fail(`the manifest names a file outside the backup: ${f.path}`);
    const got = await sha256File(file).catch((err: NodeJS.ErrnoException) => fail(`${f.path} cannot be read: ${err.code ?? err.message}`));
    if (got.sha256 !== f.sha256 || got.size !== f.size)
      fail(`${f.path} does not match its checksum in the manifest: the backup is damaged`);
  }
  step(`checksums: ${manifest.files.length} files verified`);

  const attachments = manifest.files.filter((f) => f.path.startsWith("files/"));
  const filesDir = env.FILES_DIR
    ? path.resolve(env.FILES_DIR)
    : engine === "sqlite"
      ? path.join(path.resolve(env.DATA_DIR), "files")
      : null;
  const sqliteFile = engine === "sqlite" ? path.resolve(sqlitePathOf(url)!) : null;

  // Empty target, checked before anything is written.
  if (filesDir && fs.existsSync(filesDir) && fs.readdirSync(filesDir).length > 0) {
    fail(`refusing to restore: the attachments folder ${filesDir} is not empty`);
  }
  if (sqliteFile) {
    if (fs.existsSync(sqliteFile) && fs.statSync(sqliteFile).size > 0) {
      const probe = sqliteReader(sqliteFile);
      const tables = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`
        .execute(probe)
        .then((r) => Number(r.rows[0].n))
        .catch((err: Error) => fail(`cannot read ${sqliteFile}: ${err.message}`))
        .finally(() => probe.destroy());
      if (tables > 0) fail(`refusing to restore: ${sqliteFile} is not empty (${tables} tables); restore into a new database`);
    }
    if (fs.existsSync(`${sqliteFile}-wal`) && fs.statSync(`${sqliteFile}-wal`).size > 0)
      fail(`refusing to restore: ${sqliteFile}-wal exists`);
    try {
      fs.mkdirSync(path.dirname(sqliteFile), { recursive: true });
      fs.accessSync(path.dirname(sqliteFile), fs.constants.W_OK);
    } catch (err) {
      fail(`cannot write to ${path.dirname(sqliteFile)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    const db = createDb(url);
    try {
      await checkReachable(db, url);
      const r = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(
        db,
      );
      const n = Number(r.rows[0].n);
      if (n > 0) fail(`refusing to restore: ${redact(url)} is not empty (${n} tables); create a new database for the restore`);
    } finally {
      await db.destroy();
    }
  }
  step("target: empty");

  // The files before the rows that name them, as the app writes them.
  if (attachments.length > 0) {
    if (filesDir) {
      fs.mkdirSync(filesDir, { recursive: true });
      for (const f of attachments) {
        const dest = path.join(filesDir, path.basename(f.path));
        const part = `${dest}.${crypto.randomBytes(6).toString("hex")}.part`;
        await fs.promises.copyFile(path.join(dir, f.path), part);
        await fs.promises.rename(part, dest);
      }
      step(`attachments: ${attachments.length} files into ${filesDir}`);
    }
  }

  if (sqliteFile) {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });
    const part = `${sqliteFile}.${crypto.randomBytes(6).toString("hex")}.part`;
    await fs.promises.copyFile(path.join(dir, manifest.database), part);
    await fs.promises.rename(part, sqliteFile);
  } else {
    // One transaction: a failure leaves the database as empty as it was.
    await runPgTool(
      "pg_restore",
      ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", path.join(dir, manifest.database)],
      url,
    );
  }
  step(`database: ${manifest.database} restored`);

  const db = createDb(url);
  try {
    if (attachments.length > 0 && !filesDir) {
      // A backup taken with FILES_DIR, restored where attachments live in the database.
      const store = databaseStore(db);
      await loadIntoStore(store, dir, attachments);
      step(`attachments: ${attachments.length} files into the database`);
    }
    const counts = await countAll(db, await appTables(db));
    const wrong = Object.keys({ ...manifest.tables, ...counts }).filter((t) => manifest.tables[t] !== counts[t]);
    if (wrong.length) {
      fail(
        `row counts differ from the manifest after the restore: ${wrong.map((t) => `${t} ${counts[t] ?? "missing"} instead of ${manifest.tables[t] ?? "none"}`).join(", ")}`,
      );
    }
    const store: FileStore = filesDir ? directoryStore(filesDir) : databaseStore(db);
    const shas = (await sql<{ sha256: string }>`select distinct sha256 from attachments`.execute(db)).rows.map((r) => r.sha256);
    const missing: string[] = [];
    for (const sha of shas) if (!(await store.has(sha))) missing.push(sha);
    if (missing.length) fail(`${missing.length} attachments named by rows are missing after the restore (first: ${missing[0]})`);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    step(`verified: ${total} rows in ${Object.keys(counts).length} tables as in the manifest, ${shas.length} attachments present`);
  } finally {
    await db.destroy();
  }
}

async function loadIntoStore(store: FileStore, dir: string, files: Manifest["files"]) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sk-restore-"));
  try {
    for (const f of files) {
      const temp = path.join(tmp, "file");
      await fs.promises.copyFile(path.join(dir, f.path), temp);
      await store.put(f.sha256, temp);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && /restore\.ts$/.test(process.argv[1])) runCommand(main);
