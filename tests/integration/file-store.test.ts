/**
 * The attachment store: content-addressed and deduplicated on both engines; on PostgreSQL a 10 MB file goes in
 * and out FILE_CHUNK_BYTES at a time, the reader asking for the next chunk only once the previous one is taken,
 * so no process holds the whole file. Also the periodic jobs' advisory lock (PostgreSQL only: SQLite has one
 * machine and takes none).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS_LOCK_KEY, runPeriodicJobs } from "~/jobs.server";
import { databaseStore, FILE_CHUNK_BYTES } from "~/utils/file-store.server";
import type { Database } from "../../db/schema";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { testFileStore } from "../setup/files";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

function tempFile(bytes: Buffer): { path: string; sha256: string } {
  const p = path.join(fs.mkdtempSync(path.join(t.dir, "put-")), "f");
  fs.writeFileSync(p, bytes);
  return { path: p, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe("the file store of this engine", () => {
  it("keeps a file under its SHA-256 once, reads it back, and removes it", async () => {
    const store = testFileStore(t.db, t.dir);
    const bytes = crypto.randomBytes(FILE_CHUNK_BYTES + 17);
    const first = tempFile(bytes);
    expect(await store.put(first.sha256, first.path)).toBe(true);
    expect(fs.existsSync(first.path)).toBe(false);
    const again = tempFile(bytes);
    expect(await store.put(again.sha256, again.path)).toBe(false);
    expect(fs.existsSync(again.path)).toBe(false);
    expect(await store.has(first.sha256)).toBe(true);
    expect((await readAll((await store.open(first.sha256))!)).equals(bytes)).toBe(true);
    const empty = tempFile(Buffer.alloc(0));
    await store.put(empty.sha256, empty.path);
    expect(await readAll((await store.open(empty.sha256))!)).toHaveLength(0);
    await store.remove(first.sha256);
    expect(await store.has(first.sha256)).toBe(false);
    expect(await store.open(first.sha256)).toBeNull();
    await expect(store.has("../app.sqlite")).rejects.toThrow("not a sha256");
    await expect(store.open("../app.sqlite")).rejects.toThrow("not a sha256");
  });
});

describe.skipIf(!onPostgres)("attachments in PostgreSQL", () => {
  it("writes and reads a 10 MB file one chunk at a time, never ahead of the reader", async () => {
    const chunkQueries: string[] = [];
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 2 }) }),
      log: (e) => {
        if (e.level === "query" && /"file_chunks"/.test(e.query.sql)) chunkQueries.push(e.query.sql.split(" ")[0]);
      },
    });
    try {
      const store = databaseStore(counted);
      const bytes = crypto.randomBytes(10 * 1024 * 1024);
      const file = tempFile(bytes);
      await store.put(file.sha256, file.path);
      const chunks = Math.ceil(bytes.length / FILE_CHUNK_BYTES);
      expect(chunkQueries).toEqual(Array(chunks).fill("insert"));
      const rows = await t.db
        .selectFrom("file_chunks")
        .select((eb) => eb.fn.max(eb.fn("length", ["data"])).as("biggest"))
        .where("sha256", "=", file.sha256)
        .executeTakeFirstOrThrow();
      expect(Number(rows.biggest)).toBe(FILE_CHUNK_BYTES);

      chunkQueries.length = 0;
      const stream = (await store.open(file.sha256))!;
      const first = await new Promise<Buffer>((resolve) => stream.once("data", resolve));
      stream.pause();
      await new Promise((r) => setTimeout(r, 200));
      // A reader that stops after one chunk has made the server fetch at most the next one.
      expect(first.length).toBe(FILE_CHUNK_BYTES);
      expect(chunkQueries.length).toBeLessThanOrEqual(2);
      expect(stream.readableLength).toBeLessThanOrEqual(FILE_CHUNK_BYTES);
      const rest = await readAll(stream.resume());
      expect(Buffer.concat([first, rest]).equals(bytes)).toBe(true);
      // One query per chunk, and one that finds no more.
      expect(chunkQueries).toEqual(Array(chunks + 1).fill("select"));
    } finally {
      await counted.destroy();
    }
  }, 60_000);

  it("runs one round of periodic jobs at a time across instances", async () => {
    const old = "2020-01-01T00:00:00.000Z";
    await t.db.insertInto("rate_hits").values({ bucket: "submit:203.0.113.9", at: old }).execute();
    // Another instance's round under way: it holds the lock on its own connection.
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query("select pg_advisory_lock($1::bigint)", [JOBS_LOCK_KEY]);
      expect(await runPeriodicJobs(t.db)).toEqual({ ran: false });
      expect(await t.db.selectFrom("rate_hits").select("at").where("at", "=", old).execute()).toHaveLength(1);
      await other.query("select pg_advisory_unlock($1::bigint)", [JOBS_LOCK_KEY]);
      expect(await runPeriodicJobs(t.db)).toEqual({ ran: true });
      expect(await t.db.selectFrom("rate_hits").select("at").where("at", "=", old).execute()).toHaveLength(0);
    } finally {
      await other.end();
    }
  });
});
