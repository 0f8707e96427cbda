/**
 * Moving to PostgreSQL with db:copy (PostgreSQL only: it needs a PostgreSQL target, so it runs in
 * `npm run test:postgres`). A SQLite installation is built through a real server (the demo seed, then submissions
 * with files), copied to a new PostgreSQL database with a stop injected after a few batches and then a second run
 * that finishes it; every table's count and checksum match the source, and a real server on the copy, with an empty
 * data folder, serves the public list, a search, a private tracking link and its attachment, and takes a new
 * submission (the sequences were moved past the copied ids).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { appTables, countRows, sqliteReader, tableChecksum, tableShape } from "../../db/operations/common";
import { copyOrder } from "../../db/operations/copy";
import { onPostgres } from "../setup/db";
import { createDatabase, dropDatabase, randomDatabaseName } from "../setup/postgres";
import { startServer } from "../setup/server";
import { runScript } from "../setup/run-script";
import { pdfBytes, sha256, submissionForm } from "../integration/submit-fixtures";

async function submit(url: string, n: number) {
  const pdf = pdfBytes(`Sáng kiến chuyển ${n} ${crypto.randomBytes(4).toString("hex")}`);
  const form = submissionForm({ title: `Sáng kiến chuyển dữ liệu ${n}`, "author.email": `copy${n}@example.com` }, [
    [`ho-so-${n}.pdf`, pdf],
  ]);
  const res = await fetch(`${url}/submit`, { method: "POST", body: form, redirect: "manual" });
  await res.arrayBuffer();
  const receipt = res.headers.getSetCookie().find((c) => c.startsWith("sk_receipt="));
  if (res.status !== 302 || !receipt) throw new Error(`submission answered ${res.status}`);
  const [code, token] = decodeURIComponent(receipt.split(";")[0].slice("sk_receipt=".length)).split("~");
  return { code, token, pdf };
}

describe.skipIf(!onPostgres)("db:copy from SQLite to PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("copies everything, survives an interruption, and the app runs on the copy", async () => {
    // 1. A SQLite installation, filled through the app.
    const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-copy-src-"));
    cleanups.push(() => fs.rmSync(sqliteDir, { recursive: true, force: true }));
    const sqliteUrl = `file:${path.join(sqliteDir, "app.sqlite")}`;
    const first = await startServer({ DATA_DIR: sqliteDir, DATABASE_URL: sqliteUrl, SEED_DEMO: "yes", SUBMISSION_RATE_LIMIT: "1000" });
    const sent = [];
    for (let n = 0; n < 5; n++) sent.push(await submit(first.url, n));
    await first.stop();

    // The order covers every table of the schema but the file store's, and puts parents first.
    const source = sqliteReader(path.join(sqliteDir, "app.sqlite"));
    cleanups.push(() => source.destroy());
    const tables = await appTables(source);
    const order = await copyOrder(
      source,
      tables.filter((t) => t !== "file_blobs" && t !== "file_chunks"),
    );
    expect([...order, "file_blobs", "file_chunks"].sort()).toEqual([...tables].sort());
    expect(order.indexOf("initiatives")).toBeLessThan(order.indexOf("attachments"));
    expect(order.indexOf("reviews")).toBeLessThan(order.indexOf("review_scores"));

    // 2. Copy, stopped after six batches of twenty rows (inside the units table), then run again.
    const name = randomDatabaseName("sk_copy");
    const target = await createDatabase(name);
    cleanups.push(() => dropDatabase(name));
    const env = { DATA_DIR: sqliteDir, DATABASE_URL: sqliteUrl };
    const args = ["--from", sqliteUrl, "--to", target, "--batch", "20"];
    const stopped = await runScript("db/operations/copy.ts", args, { ...env, SK_COPY_STOP_AFTER_BATCHES: "6" });
    expect(stopped.code, stopped.stderr).toBe(3);
    const db = createDb(target);
    cleanups.push(() => db.destroy());
    const partial = await countRows(db, "units");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(await countRows(source, "units"));

    // The partial target belongs to this source: a copy from another one is refused and changes nothing.
    fs.copyFileSync(path.join(sqliteDir, "app.sqlite"), path.join(sqliteDir, "other.sqlite"));
    const otherSource = await runScript(
      "db/operations/copy.ts",
      ["--from", `file:${path.join(sqliteDir, "other.sqlite")}`, "--to", target],
      env,
    );
    expect(otherSource.code).not.toBe(0);
    expect(otherSource.stderr).toMatch(/being filled by a copy from another source/);
    expect(await countRows(db, "units")).toBe(partial);

    const resumed = await runScript("db/operations/copy.ts", args, env);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    console.log(resumed.stdout);
    expect(resumed.stdout).toMatch(/continuing an interrupted copy/);
    expect(resumed.stdout).toMatch(/agencies: \d+ rows, already copied and verified/);
    expect(resumed.stdout).toMatch(/units: \d+ of \d+ rows .*copied again/);
    expect(resumed.stdout).not.toMatch(/sk_ci:sk_ci/);

    // 3. Every table: the same rows and checksum on both engines, computed here independently of the run's own check.
    for (const t of order) {
      // public_state holds cache versions that the target's triggers bump while the other tables are written.
      if (t === "public_state") continue;
      const shape = await tableShape(source, t);
      expect(await tableChecksum(db, t, shape.columns), t).toEqual(await tableChecksum(source, t, shape.columns, shape));
    }
    const shas = [...new Set((await db.selectFrom("attachments").select("sha256").execute()).map((a) => a.sha256))];
    const blobs = await db.selectFrom("file_blobs").select("sha256").execute();
    expect(blobs.map((b) => b.sha256).sort()).toEqual(shas.sort());

    // A third run finds a filled target without a marker and refuses it.
    const again = await runScript("db/operations/copy.ts", args, env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already holds data/);

    // 4. The app on the copy, with an empty data folder: the attachments come from the database.
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-copy-dst-"));
    cleanups.push(() => fs.rmSync(emptyDir, { recursive: true, force: true }));
    const server = await startServer({
      DATA_DIR: emptyDir,
      DATABASE_URL: target,
      SEED_DEMO: "no",
      ALLOW_DEMO_ACCOUNTS: "1",
      SUBMISSION_RATE_LIMIT: "1000",
    });
    cleanups.push(() => server.stop());

    const published = await db.selectFrom("publications").select(["slug", "title"]).orderBy("initiative_id").executeTakeFirstOrThrow();
    const list = await fetch(`${server.url}/initiatives`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`/initiatives/${published.slug}`);
    const word = published.title.split(/\s+/).find((w) => w.length >= 4)!;
    const search = await fetch(`${server.url}/initiatives?q=${encodeURIComponent(word)}`);
    expect(search.status).toBe(200);
    expect(await search.text()).toContain(`/initiatives/${published.slug}`);

    const mine = sent[2];
    const track = await fetch(`${server.url}/track/${mine.code}?t=${encodeURIComponent(mine.token)}`);
    expect(track.status).toBe(200);
    const initiative = await db.selectFrom("initiatives").select("id").where("code", "=", mine.code).executeTakeFirstOrThrow();
    const attachment = await db.selectFrom("attachments").select("id").where("initiative_id", "=", initiative.id).executeTakeFirstOrThrow();
    const file = await fetch(`${server.url}/track/${mine.code}/files/${attachment.id}?t=${encodeURIComponent(mine.token)}`);
    expect(file.status).toBe(200);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(mine.pdf));

    // New rows get new ids (the sequences were set past the copied ones).
    const after = await submit(server.url, 99);
    expect(after.code).toMatch(/^SK-/);
    expect(sent.map((s) => s.code)).not.toContain(after.code);
  }, 240_000);
});
