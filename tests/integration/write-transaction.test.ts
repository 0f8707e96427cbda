/**
 * Write transactions on a real SQLite file in WAL mode (db/sqlite-immediate.ts, db/transaction.ts): concurrent
 * read-then-write transactions from two handles in one process and from two processes all commit, none is lost and
 * none fails with SQLITE_BUSY, whether they come through the helper or through a plain `db.transaction()`.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import { Kysely as KyselyClass, SqliteDialect } from "kysely";
import { createDb } from "../../db/client";
import { writeTransaction, WriteLockTimeoutError } from "../../db/transaction";

const run = promisify(execFile);

let dir: string;
let file: string;
let handles: Kysely<any>[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-wtx-"));
  file = path.join(dir, "app.sqlite");
  const db = open();
  await sql`create table counter (n integer not null)`.execute(db);
  await sql`insert into counter (n) values (0)`.execute(db);
});
afterEach(async () => {
  await Promise.all(handles.map((h) => h.destroy()));
  handles = [];
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): Kysely<any> {
  const db = createDb(`file:${file}`) as unknown as Kysely<any>;
  handles.push(db);
  return db;
}

/** A handle as Kysely ships it, with the same pragmas as ours, to show the failure our dialect removes. */
function stock(): Kysely<any> {
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 50");
  const db = new KyselyClass<any>({ dialect: new SqliteDialect({ database }) });
  handles.push(db);
  return db;
}

const counter = async (db: Kysely<any>) => Number((await sql<{ n: number }>`select n from counter`.execute(db)).rows[0].n);

async function increment(tx: Kysely<any>) {
  const n = await counter(tx);
  // A pause between the read and the write, as a real check-then-insert has: another writer gets its chance here.
  await new Promise((resolve) => setTimeout(resolve, 1));
  await sql`update counter set n = ${n + 1}`.execute(tx);
}

function writer(mode: "transaction" | "helper", times: number) {
  return run(process.execPath, ["--import", "tsx", path.resolve("tests/setup/counter-writer.ts"), file, String(times), mode], {
    cwd: path.resolve("."),
  }).then(({ stdout }) => JSON.parse(stdout) as { failures: number });
}

describe("writeTransaction on SQLite", () => {
  it("two handles on one file: 100 concurrent read-then-write transactions all commit", async () => {
    const [a, b] = [open(), open()];
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => writeTransaction(i % 2 ? a : b, increment)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await counter(a)).toBe(100);
  });

  it("db.transaction() itself begins IMMEDIATE: the same 100 from two handles all commit", async () => {
    const [a, b] = [open(), open()];
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).transaction().execute(increment)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await counter(a)).toBe(100);
  });

  it("Kysely's stock SQLite dialect (a deferred BEGIN) fails the same with SQLITE_BUSY: what ours is for", async () => {
    const [a, b] = [stock(), stock()];
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).transaction().execute(increment)));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as { code?: string }).code)] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((c) => c.startsWith("SQLITE_BUSY"))).toBe(true);
  });

  it("a read-only transaction begins deferred: it reads while another connection holds the write lock", async () => {
    const [a, b] = [open(), open()];
    let release!: () => void;
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const writer = a.transaction().execute(async (tx) => {
      await sql`update counter set n = 7`.execute(tx);
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await holding;
    const started = Date.now();
    expect(await b.transaction().setAccessMode("read only").execute(counter)).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
    release();
    await writer;
    expect(await counter(b)).toBe(7);
  });

  it("waits for the write lock without blocking the process, and gives up after busy_timeout", async () => {
    const [a, b] = [open(), open()];
    await sql`pragma busy_timeout = 300`.execute(b);
    let release!: () => void;
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const writer = a.transaction().execute(async () => {
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await holding;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    await expect(b.transaction().execute(increment)).rejects.toBeInstanceOf(WriteLockTimeoutError);
    clearInterval(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // the event loop ran meanwhile: the wait was asynchronous, not inside SQLite's busy handler
    expect(ticks).toBeGreaterThan(5);
    release();
    await writer;
    expect((await sql<{ timeout: number }>`pragma busy_timeout`.execute(b)).rows[0].timeout).toBe(300);
    expect(await b.transaction().execute(async (tx) => (await increment(tx), counter(tx)))).toBe(1);
  });

  it("two processes on one file: every transaction commits and the count is exact", async () => {
    const [x, y] = await Promise.all([writer("helper", 150), writer("transaction", 150)]);
    expect([x.failures, y.failures]).toEqual([0, 0]);
    expect(await counter(open())).toBe(300);
  });

  it("rolls back when the function throws, and the connection is usable afterwards", async () => {
    const db = open();
    await expect(
      writeTransaction(db, async (tx) => {
        await sql`update counter set n = 42`.execute(tx);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await counter(db)).toBe(0);
    expect(await writeTransaction(db, async (tx) => (await increment(tx), counter(tx)))).toBe(1);
    // the usual busy timeout is back for statements outside the helper
    expect((await sql<{ timeout: number }>`pragma busy_timeout`.execute(db)).rows[0].timeout).toBe(5000);
  });
});
