/**
 * What a crash leaves in the data folder, removed at start-up (docs/decisions/017-crash-durability.md).
 *
 * A request killed mid-upload leaves its temporary `.part` file in DATA_DIR/tmp; one killed between moving its
 * files into storage and committing its rows leaves files in DATA_DIR/files that no row refers to (files are
 * stored before the transaction, so a committed row never lacks its file). Nothing else removes either.
 *
 * Only files older than this process are touched: the server sweeps before it listens (and, with workers, before
 * it forks them), so no request of its own can be using them. Several servers sharing one folder is the case this
 * cannot see into: a neighbour's request older than this start could lose its file.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

const SHA256 = /^[a-f0-9]{64}$/;

export interface SweepResult {
  temporary: number;
  orphans: number;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Times in ms since the epoch; `before` is the moment this process started. */
async function olderThan(file: string, before: number): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    // ctime: a rename into storage keeps the upload's mtime but sets ctime, so ctime says when it arrived there
    return st.isFile() && Math.max(st.mtimeMs, st.ctimeMs) < before;
  } catch {
    return false;
  }
}

export async function sweepAfterCrash(
  db: Kysely<Database>,
  dataDir: string,
  before = Date.now() - process.uptime() * 1000,
): Promise<SweepResult> {
  const result: SweepResult = { temporary: 0, orphans: 0 };
  const tmp = path.join(dataDir, "tmp");
  for (const name of await entries(tmp)) {
    const file = path.join(tmp, name);
    if (!name.endsWith(".part") || !(await olderThan(file, before))) continue;
    await fs.rm(file, { force: true });
    result.temporary++;
  }
  const files = path.join(dataDir, "files");
  const candidates: string[] = [];
  for (const name of await entries(files)) if (SHA256.test(name) && (await olderThan(path.join(files, name), before))) candidates.push(name);
  // in slices: an IN list far longer than SQLite's parameter limit would fail
  for (let i = 0; i < candidates.length; i += 500) {
    const slice = candidates.slice(i, i + 500);
    const used = await db.selectFrom("attachments").select("sha256").distinct().where("sha256", "in", slice).execute();
    const known = new Set(used.map((u) => u.sha256));
    for (const sha of slice) {
      if (known.has(sha)) continue;
      await fs.rm(path.join(files, sha), { force: true });
      result.orphans++;
    }
  }
  return result;
}
