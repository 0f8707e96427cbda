/**
 * The attachment store the app under test uses, for tests that put a file in place or look at what was kept:
 * the database on PostgreSQL, `<dataDir>/files` on SQLite (as `fileStore` chooses without FILES_DIR). Named
 * here rather than through the app's cached environment, since tests change DATA_DIR per file.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import type { DB } from "../../db/client";
import { databaseStore, directoryStore, type FileStore } from "../../app/utils/file-store.server";
import { onPostgres } from "./db";

export function testFileStore(db: DB, dataDir: string): FileStore {
  return onPostgres ? databaseStore(db) : directoryStore(path.join(dataDir, "files"));
}

/** Keeps `bytes` as the app would; returns its hash and size. */
export async function putFile(db: DB, dataDir: string, bytes: Buffer | string) {
  const data = Buffer.from(bytes);
  const sha256 = crypto.createHash("sha256").update(data).digest("hex");
  const temp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sk-put-")), "file");
  fs.writeFileSync(temp, data);
  await testFileStore(db, dataDir).put(sha256, temp);
  return { sha256, size: data.length };
}

/** The stored contents, or null when nothing is stored under that hash. */
export async function storedBytes(db: DB, dataDir: string, sha256: string): Promise<Buffer | null> {
  const stream = await testFileStore(db, dataDir).open(sha256);
  return stream ? buffer(stream) : null;
}
