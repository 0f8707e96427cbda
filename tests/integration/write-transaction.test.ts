/**
 * The write-transaction helper on a real SQLite file in WAL mode: concurrent read-then-write transactions from two
 * handles in one process and from two processes all commit, none is lost and none fails with SQLITE_BUSY.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { writeTransaction } from "../../db/transaction";

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

const counter = async (db: Kysely<any>) => Number((await sql<{ n: number }>`select n from counter`.execute(db)).rows[0].n);

async function increment(tx: Kysely<any>) {
  const n = await counter(tx);
  // A pause between the read and the write, as a real check-then-insert has: another writer gets its chance here.
  await new Promise((resolve) => setTimeout(resolve, 1));
  await sql`update counter set n = ${n + 1}`.execute(tx);
}

function writer(mode: "plain" | "immediate", times: number) {
  return run(process.execPath, ["--import", "tsx", path.resolve("tests/setup/counter-writer.ts"), file, String(times), mode], {
    cwd: path.resolve("."),
  }).then(({ stdout }) => JSON.parse(stdout) as { failures: number });
}

describe("writeTransaction on SQLite", () => {
  it("two handles on one file: 100 concurrent read-then-write transactions all commit", async () => {
    const [a, b] = [open(), open()];
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => writeTransaction(i % 2 ? a : b, increment)),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await counter(a)).toBe(100);
  });

  it("the same with Kysely's own (deferred) transaction fails with SQLITE_BUSY: what the helper is for", async () => {
    const [a, b] = [open(), open()];
    for (const h of [a, b]) await sql`pragma busy_timeout = 50`.execute(h);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).transaction().execute(increment)),
    );
    const errors = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as { code?: string }).code)] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((c) => c.startsWith("SQLITE_BUSY"))).toBe(true);
  });

  it("two processes on one file: every transaction commits and the count is exact", async () => {
    const [x, y] = await Promise.all([writer("immediate", 150), writer("immediate", 150)]);
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
