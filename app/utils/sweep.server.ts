/**
 * Litter a crash or a killed process leaves in DATA_DIR: temporary upload files (`tmp/*.part`) of requests that
 * never finished, and stored files (`files/<sha256>`) whose database transaction never committed. Neither is ever
 * read again; swept once at start, before the server listens.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

const SHA256 = /^[a-f0-9]{64}$/;

export interface SweepOptions {
  dataDir: string;
  /** `.part` files last written before this are from an earlier process */
  startedAt: Date;
  /**
   * `.part` files must also be this old. 0 when this process alone uses DATA_DIR (SQLite); instances sharing a
   * folder (PostgreSQL) may have an upload under way that started before this one did.
   */
  tempMinAgeMs?: number;
  /**
   * A stored file with no row yet may belong to a submission being committed right now (in this or another
   * instance): only files older than this are removed.
   */
  orphanMinAgeMs?: number;
  now?: Date;
}

export async function sweepUploadLitter(db: Kysely<Database>, opts: SweepOptions): Promise<{ tempFiles: number; orphanFiles: number }> {
  const now = opts.now ?? new Date();
  const tempBefore = Math.min(opts.startedAt.getTime(), now.getTime() - (opts.tempMinAgeMs ?? 0));
  const orphanBefore = now.getTime() - (opts.orphanMinAgeMs ?? 10 * 60 * 1000);

  let tempFiles = 0;
  const tmp = path.join(opts.dataDir, "tmp");
  for (const name of await list(tmp)) {
    if (!name.endsWith(".part")) continue;
    const file = path.join(tmp, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < tempBefore) {
      await fs.rm(file, { force: true });
      tempFiles++;
    }
  }

  const files = path.join(opts.dataDir, "files");
  const old: string[] = [];
  for (const name of await list(files)) {
    if (!SHA256.test(name)) continue;
    const stat = await fs.stat(path.join(files, name)).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < orphanBefore) old.push(name);
  }
  let orphanFiles = 0;
  for (let i = 0; i < old.length; i += 500) {
    const batch = old.slice(i, i + 500);
    const rows = await db.selectFrom("attachments").select("sha256").distinct().where("sha256", "in", batch).execute();
    const used = new Set(rows.map((r) => r.sha256));
    for (const name of batch) {
      if (used.has(name)) continue;
      await fs.rm(path.join(files, name), { force: true });
      orphanFiles++;
    }
  }
  return { tempFiles, orphanFiles };
}

async function list(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
}
