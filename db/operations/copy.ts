/**
 * npm run db:copy -- --from file:./data/app.sqlite --to postgres://user:pass@host/db [--batch 1000]
 *
 * Moves an installation from SQLite to PostgreSQL (docs/decisions/019-backup-restore-and-copy.md). Stop the app
 * first: the copy reads the SQLite file as it is while it runs.
 * 1. The target must be a new, empty database (or one an interrupted run of this command left): one with rows
 *    from elsewhere is refused. A marker (schema sk_copy) names the source while the copy is under way.
 * 2. The target gets the app's migrations; the source must be at the same ones.
 * 3. Attachments: the files of DATA_DIR/files go into the database's file store (with FILES_DIR set, both
 *    engines use that folder and nothing moves).
 * 4. Every table in foreign-key order (parents first; the tables the database fills itself last), in batches,
 *    each verified afterwards by its row count and a checksum that both engines compute alike (common.ts).
 * 5. Counters and statistics rebuilt by the app's own rebuild* functions; every serial sequence set past max(id).
 *
 * Restartable: a second run skips each table whose count and checksum already match, and empties and copies again
 * a table that an interruption left partial (TRUNCATE … CASCADE: the tables that refer to it come later in the
 * order and are copied after it anyway). Files already in the target store are skipped.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql, type Kysely } from "kysely";
import { createDb, sqlitePathOf, type DB } from "../client";
import { migrateToLatest } from "../migrate";
import { migrations } from "../migrations/index";
import { withStartupLock } from "../lock";
import { getEnv } from "../../app/utils/env.server";
import { databaseStore } from "../../app/utils/file-store.server";
import { rebuildCounters } from "../../app/models/initiative/numbering.server";
import { rebuildStatistics } from "../../app/models/public/statistics.server";
import {
  appTables,
  checkReachable,
  checkScheme,
  countRows,
  fail,
  isPostgresUrl,
  pages,
  PAGE_ROWS,
  quote,
  redact,
  runCommand,
  sha256File,
  sqliteReader,
  step,
  tableChecksum,
  tableShape,
} from "./common";

/** Attachment contents: copied from the folder into the store, not as rows (SQLite keeps these tables empty). */
const FILE_STORE_TABLES = ["file_blobs", "file_chunks"];
/**
 * Tables the database or the app derives from the others (triggers count statuses and bump the public version while
 * rows arrive): copied after everything else, so the source's values are what remains.
 */
// public_state last of all: triggers bump its versions while the others are written.
const DERIVED_LAST = ["counters", "stat_counts", "stat_decision_days", "status_counts", "campaign_counts", "public_state"];

/** Foreign-key order of the source's tables: parents before the tables that refer to them. */
export async function copyOrder(source: Kysely<any>, tables: string[]): Promise<string[]> {
  const parents = new Map<string, Set<string>>();
  for (const t of tables) {
    const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(source);
    parents.set(t, new Set(fks.rows.map((r) => r.table).filter((p) => p !== t && tables.includes(p))));
  }
  const order: string[] = [];
  const visit = (t: string, path: string[]) => {
    if (order.includes(t)) return;
    if (path.includes(t)) fail(`foreign keys form a cycle: ${[...path, t].join(" → ")}`);
    for (const p of [...parents.get(t)!].sort()) visit(p, [...path, t]);
    order.push(t);
  };
  for (const t of [...tables].sort()) if (!DERIVED_LAST.includes(t)) visit(t, []);
  return [...order, ...DERIVED_LAST.filter((t) => tables.includes(t))];
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { from: { type: "string" }, to: { type: "string" }, batch: { type: "string" } },
    strict: true,
  });
  const env = getEnv();
  const from = values.from ?? env.DATABASE_URL;
  if (!values.to) fail("usage: npm run db:copy -- --from file:./data/app.sqlite --to postgres://user:password@host/database");
  checkScheme(from, "--from");
  checkScheme(values.to, "--to");
  if (isPostgresUrl(from)) fail(`--from must be a SQLite database (file:…), not ${redact(from)}`);
  if (!isPostgresUrl(values.to)) fail(`--to must be a PostgreSQL database (postgres://…), not ${values.to}`);
  const batch = values.batch === undefined ? PAGE_ROWS : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) fail(`--batch must be a positive whole number, not ${values.batch}`);
  const sourceFile = path.resolve(sqlitePathOf(from)!);
  if (!fs.existsSync(sourceFile)) fail(`no SQLite database at ${sourceFile}`);
  // Batches after which to stop as if killed: only the copy test sets it, to interrupt a run at a known point.
  const stopAfter = Number(process.env.SK_COPY_STOP_AFTER_BATCHES ?? 0);

  const source = sqliteReader(sourceFile);
  const target = createDb(values.to);
  try {
    await checkReachable(target, values.to);
    step(`copy of ${sourceFile} to ${redact(values.to)}`);

    const applied = await sql<{ name: string }>`select name from kysely_migration`
      .execute(source)
      .then((r) => new Set(r.rows.map((x) => x.name)))
      .catch(() => fail(`${sourceFile} is not a database of this app (no kysely_migration table)`));
    const missing = Object.keys(migrations).filter((m) => !applied.has(m));
    if (missing.length)
      fail(`the source lacks migrations ${missing.join(", ")}: run npm run db:migrate on it (DATABASE_URL=${from}) first`);

    await claimTarget(target, values.to, sourceFile);
    await withStartupLock(target, () => migrateToLatest(target));
    step("target: migrated");

    const tables = (await appTables(source)).filter((t) => !FILE_STORE_TABLES.includes(t));
    const targetTables = new Set(await appTables(target));
    const absent = tables.filter((t) => !targetTables.has(t));
    if (absent.length) fail(`the target lacks tables ${absent.join(", ")}`);
    const extra = [...targetTables].filter((t) => !tables.includes(t) && !FILE_STORE_TABLES.includes(t));
    if (extra.length) fail(`the source lacks tables ${extra.join(", ")}`);

    await copyFiles(source, target, env.FILES_DIR, path.join(path.resolve(env.DATA_DIR), "files"));

    let batches = 0;
    for (const table of await copyOrder(source, tables)) {
      const shape = await tableShape(source, table);
      const targetColumns = (await tableShape(target, table)).columns;
      if ([...shape.columns].sort().join() !== [...targetColumns].sort().join())
        fail(`${table}: the columns differ between source and target`);
      const want = await tableChecksum(source, table, shape.columns, shape);
      const have = await tableChecksum(target, table, shape.columns);
      if (have.rows === want.rows && have.sha256 === want.sha256) {
        step(`${table}: ${want.rows} rows, already copied and verified`);
        continue;
      }
      if (have.rows > 0) {
        step(`${table}: ${have.rows} of ${want.rows} rows differ from an earlier run or the triggers: emptied, copied again`);
        if (DERIVED_LAST.includes(table)) await sql`delete from ${sql.raw(quote(table))}`.execute(target);
        else await sql`truncate ${sql.raw(quote(table))} cascade`.execute(target);
      }
      for await (const rows of pages(source, table, shape, batch)) {
        await (target as Kysely<any>).insertInto(table).values(rows).execute();
        batches += 1;
        if (stopAfter > 0 && batches >= stopAfter) {
          console.error(`stopped after ${batches} batches (SK_COPY_STOP_AFTER_BATCHES)`);
          process.exit(3);
        }
      }
      const got = await tableChecksum(target, table, shape.columns);
      if (got.rows !== want.rows || got.sha256 !== want.sha256) {
        fail(
          `${table}: verification failed after the copy (${got.rows} rows of ${want.rows}, checksums ${got.sha256 === want.sha256 ? "equal" : "differ"}); is the app still writing to the source?`,
        );
      }
      step(`${table}: ${want.rows} rows copied, count and checksum verified`);
    }

    await rebuildCounters(target as DB);
    await rebuildStatistics(target as DB);
    step("derived data: counters and statistics rebuilt from the copied rows");

    let sequences = 0;
    for (const table of tables) {
      const seq = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${quote(table)}, 'id') as seq`
        .execute(target)
        .then((r) => r.rows[0]?.seq ?? null)
        .catch(() => null);
      if (!seq) continue;
      await sql`select setval(${seq}, coalesce((select max(id) from ${sql.raw(quote(table))}), 0) + 1, false)`.execute(target);
      sequences += 1;
    }
    step(`sequences: ${sequences} set past the highest id`);

    await sql`drop schema sk_copy cascade`.execute(target);
    const total = (await Promise.all(tables.map((t) => countRows(target, t)))).reduce((a, b) => a + b, 0);
    step(`done: ${total} rows in ${tables.length} tables; start the app with DATABASE_URL=${redact(values.to)}`);
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

/**
 * Takes the target for this source, or refuses it: a database with rows from elsewhere must never be mixed with the
 * copy. The marker lets a second run after an interruption continue.
 */
async function claimTarget(target: Kysely<any>, url: string, sourceFile: string) {
  const marker = await sql<{ source: string }>`select source from sk_copy.source`
    .execute(target)
    .then((r) => r.rows[0]?.source ?? null)
    .catch(() => null);
  if (marker !== null) {
    if (marker !== sourceFile) fail(`refusing: ${redact(url)} is being filled by a copy from another source (${marker})`);
    step("target: continuing an interrupted copy from the same source");
    return;
  }
  const tables = (await appTables(target)).filter((t) => !DERIVED_LAST.includes(t));
  const filled: string[] = [];
  for (const t of tables) {
    const n = await countRows(target, t);
    if (n > 0) filled.push(`${t} ${n}`);
  }
  if (filled.length)
    fail(`refusing: ${redact(url)} already holds data (${filled.slice(0, 3).join(", ")} rows…); copy into a new, empty database`);
  await sql`create schema sk_copy`.execute(target);
  await sql`create table sk_copy.source (source text not null, started_at text not null)`.execute(target);
  await sql`insert into sk_copy.source values (${sourceFile}, ${new Date().toISOString()})`.execute(target);
  step("target: empty");
}

async function copyFiles(source: Kysely<any>, target: Kysely<any>, filesDirSetting: string | undefined, dataFiles: string) {
  if (filesDirSetting) {
    step(`attachments: FILES_DIR is set, both engines use ${path.resolve(filesDirSetting)}; nothing to move`);
    return;
  }
  const store = databaseStore(target as DB);
  const shas = (await sql<{ sha256: string }>`select distinct sha256 from attachments order by sha256`.execute(source)).rows.map(
    (r) => r.sha256,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sk-copy-"));
  let copied = 0;
  try {
    for (const sha of shas) {
      if (await store.has(sha)) continue;
      const temp = path.join(tmp, sha);
      await fs.promises
        .copyFile(path.join(dataFiles, sha), temp)
        .catch((err: NodeJS.ErrnoException) => fail(`attachment ${sha} is missing from ${dataFiles}: ${err.code ?? err.message}`));
      const got = await sha256File(temp);
      if (got.sha256 !== sha) fail(`attachment ${sha} in ${dataFiles} does not match its checksum: the stored file is damaged`);
      await store.put(sha, temp);
      copied += 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const present = await Promise.all(shas.map((s) => store.has(s)));
  if (present.some((p) => !p)) fail("attachments: some files are missing in the target after the copy");
  step(`attachments: ${copied} files copied into the database, ${shas.length - copied} already there; all ${shas.length} verified present`);
}

if (process.argv[1] && /copy\.ts$/.test(process.argv[1])) runCommand(main);
