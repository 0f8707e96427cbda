/**
 * Where attachment contents live, behind one small interface so the rest of the app never asks.
 *
 * - `FILES_DIR` set (any engine): that folder, e.g. a mount every instance shares.
 * - PostgreSQL otherwise: the database itself (`file_blobs`, `file_chunks`), so every instance reads the same
 *   files and one backup holds everything (docs/decisions/016-attachments-in-the-database.md).
 * - SQLite otherwise: DATA_DIR/files, beside the database file on the one machine that serves it.
 *
 * Files are content-addressed by SHA-256, so a file sent twice is stored once. Neither store holds a whole file
 * in memory: the folder streams from disk, the database is written and read FILE_CHUNK_BYTES at a time.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { engineOf } from "../../db/client";
import type { Database } from "../../db/schema";
import { getEnv } from "./env.server";

export const FILE_CHUNK_BYTES = 256 * 1024;

export interface FileStore {
  readonly kind: "directory" | "database";
  /** Keeps the file at `tempPath` under its SHA-256 and consumes the temporary file; true when this call added it. */
  put(sha256: string, tempPath: string): Promise<boolean>;
  /** The contents as a stream, or null when nothing is stored under that hash. */
  open(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  remove(sha256: string): Promise<void>;
}

const SHA256 = /^[a-f0-9]{64}$/;

function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error("not a sha256");
  return sha256;
}

/** The store this configuration uses; the one place that decides. */
export function fileStore(db: Kysely<Database>): FileStore {
  const env = getEnv();
  if (env.FILES_DIR) return directoryStore(path.resolve(env.FILES_DIR));
  if (engineOf(db) === "postgres") return databaseStore(db);
  return directoryStore(path.join(path.resolve(env.DATA_DIR), "files"));
}

export function directoryStore(dir: string): FileStore {
  const pathOf = (sha256: string) => path.join(dir, checked(sha256));
  const exists = (p: string) =>
    fs.stat(p).then(
      () => true,
      () => false,
    );
  return {
    kind: "directory",
    async put(sha256, tempPath) {
      const dest = pathOf(sha256);
      await fs.mkdir(dir, { recursive: true });
      if (await exists(dest)) {
        await fs.rm(tempPath, { force: true });
        return false;
      }
      try {
        await fs.rename(tempPath, dest);
      } catch (err) {
        // A shared folder is usually another file system than the temporary files: copy under a private name,
        // then rename within the folder, so another instance never sees half a file under the real name.
        if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
        const part = `${dest}.${crypto.randomBytes(6).toString("hex")}.part`;
        try {
          await fs.copyFile(tempPath, part);
          await fs.rename(part, dest);
        } finally {
          await fs.rm(part, { force: true });
          await fs.rm(tempPath, { force: true });
        }
      }
      return true;
    },
    async open(sha256) {
      const stream = createReadStream(pathOf(sha256));
      try {
        await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
      } catch {
        stream.destroy();
        return null;
      }
      return stream;
    },
    has: async (sha256) => exists(pathOf(sha256)),
    async remove(sha256) {
      await fs.rm(pathOf(sha256), { force: true });
    },
  };
}

export function databaseStore(db: Kysely<Database>): FileStore {
  const has = async (sha256: string) => {
    const row = await db.selectFrom("file_blobs").select("sha256").where("sha256", "=", checked(sha256)).executeTakeFirst();
    return Boolean(row);
  };
  return {
    kind: "database",
    async put(sha256, tempPath) {
      checked(sha256);
      const handle = await fs.open(tempPath, "r");
      try {
        const { size } = await handle.stat();
        const added = await db.transaction().execute(async (trx) => {
          // The key's lock makes a second upload of the same file wait here, then find it stored.
          const row = await trx
            .insertInto("file_blobs")
            .values({ sha256, size, created_at: new Date().toISOString() })
            .onConflict((oc) => oc.column("sha256").doNothing())
            .returning("sha256")
            .executeTakeFirst();
          if (!row) return false;
          // An empty file is one empty chunk, so every stored blob has its chunk 0.
          let position = 0;
          let seq = 0;
          do {
            const length = Math.min(FILE_CHUNK_BYTES, size - position);
            const buffer = Buffer.alloc(length);
            if (length > 0 && (await handle.read(buffer, 0, length, position)).bytesRead !== length) {
              throw new Error("temporary file changed while being stored");
            }
            await trx.insertInto("file_chunks").values({ sha256, seq, data: buffer }).execute();
            position += length;
            seq += 1;
          } while (position < size);
          return true;
        });
        return added;
      } finally {
        await handle.close();
        await fs.rm(tempPath, { force: true });
      }
    },
    async open(sha256) {
      if (!(await has(sha256))) return null;
      return chunkReader(db, sha256);
    },
    has,
    async remove(sha256) {
      checked(sha256);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("file_blobs").where("sha256", "=", sha256).execute();
        await trx.deleteFrom("file_chunks").where("sha256", "=", sha256).execute();
      });
    },
  };
}

/**
 * A stream that asks for the next chunk only when the reader wants more (keyset by seq), so a 10 MB download
 * holds one chunk at a time and a client that reads slowly makes the server read slowly.
 */
function chunkReader(db: Kysely<Database>, sha256: string): Readable {
  let last = -1;
  return new Readable({
    // Below one chunk: the stream asks for the next only once the previous one has been taken.
    highWaterMark: 64 * 1024,
    read() {
      db.selectFrom("file_chunks")
        .select(["seq", "data"])
        .where("sha256", "=", sha256)
        .where("seq", ">", last)
        .orderBy("seq")
        .limit(1)
        .executeTakeFirst()
        .then(
          (row) => {
            if (!row) return void this.push(null);
            last = row.seq;
            // An empty file is stored as one empty chunk; pushing it would not end a byte stream.
            if (row.data.length === 0) return void this.push(null);
            this.push(Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength));
          },
          (err) => this.destroy(err),
        );
    },
  });
}
