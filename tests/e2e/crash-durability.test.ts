/**
 * Durability under a crash: twenty citizens submit at once, the whole server (primary and workers) is killed
 * with SIGKILL mid-load, and a new server starts on the same data folder and database. Every submission that was
 * answered with its receipt (302 and the receipt cookie) must be there exactly once, with its files (bytes matching
 * their SHA-256) and its receipt email in the outbox; no stored file without a row, no temporary file left; and
 * on SQLite `PRAGMA integrity_check` says ok. What was not acknowledged may or may not be there: only the
 * acknowledged ones are a promise (docs/decisions/017-crash-durability.md).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, sqlitePathOf } from "../../db/client";
import { onPostgres } from "../setup/db";
import { createDatabase, dropDatabase, randomDatabaseName } from "../setup/postgres";
import { startServer, type RunningServer } from "../setup/server";
import { pdfBytes, sha256, submissionForm } from "../integration/submit-fixtures";
import { storedBytes } from "../setup/files";

const SUBMITTERS = 20;
/** kill once this many receipts came back (or after KILL_AFTER_MS, whichever is first) */
const KILL_AT_RECEIPTS = 60;
const KILL_AFTER_MS = 4000;

interface Acknowledged {
  code: string;
  fileSha: string;
}

async function submitLoop(url: string, who: number, stop: { now: boolean }, acked: Acknowledged[], statuses: Map<number | string, number>) {
  for (let n = 0; !stop.now; n++) {
    // Distinct content per post: a repeat would be answered as a duplicate, not stored twice.
    const nonce = `${who}-${n}-${crypto.randomBytes(6).toString("hex")}`;
    const pdf = pdfBytes(`Sáng kiến ${nonce}`);
    const form = submissionForm({ title: `Sáng kiến thử ${nonce}`, "author.email": `s${who}.${n}@example.com` }, [
      [`hs-${nonce}.pdf`, pdf],
    ]);
    let res: Response;
    try {
      res = await fetch(`${url}/submit`, { method: "POST", body: form, redirect: "manual" });
      await res.arrayBuffer();
    } catch {
      // the connection died with the server: not acknowledged
      statuses.set("network", (statuses.get("network") ?? 0) + 1);
      continue;
    }
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status !== 302) continue;
    const receipt = res.headers.getSetCookie().find((c) => c.startsWith("sk_receipt="));
    if (!receipt) continue;
    const value = decodeURIComponent(receipt.split(";")[0].slice("sk_receipt=".length));
    acked.push({ code: value.split("~")[0], fileSha: sha256(pdf) });
  }
}

const cases: { name: string; env: Record<string, string> }[] = onPostgres
  ? [{ name: "PostgreSQL, two workers", env: { WEB_CONCURRENCY: "2" } }]
  : [
      // production's default, synchronous = FULL
      { name: "SQLite, one process", env: { WEB_CONCURRENCY: "1" } },
      // NORMAL, the lighter setting, must hold through a killed process too: only a power cut tells them apart
      { name: "SQLite, two workers, synchronous NORMAL", env: { WEB_CONCURRENCY: "2", SQLITE_SYNCHRONOUS: "NORMAL" } },
    ];

describe.each(cases)("a crash under twenty submitters ($name)", ({ env }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("keeps every acknowledged submission exactly once, with its files and receipt email, and nothing stray", async () => {
    const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "sk-crash-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl = `file:${path.join(dataDir, "app.sqlite")}`;
    if (onPostgres) {
      const name = randomDatabaseName("sk_crash");
      databaseUrl = await createDatabase(name);
      cleanups.push(() => dropDatabase(name));
    }
    const serverEnv = { ...env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SEED_DEMO: "no", SUBMISSION_RATE_LIMIT: "1000000" };

    const first: RunningServer = await startServer(serverEnv, { detached: true });
    cleanups.push(() => first.stop());
    const acked: Acknowledged[] = [];
    const statuses = new Map<number | string, number>();
    const stop = { now: false };
    const loops = Array.from({ length: SUBMITTERS }, (_, i) => submitLoop(first.url, i, stop, acked, statuses));

    const started = Date.now();
    while (acked.length < KILL_AT_RECEIPTS && Date.now() - started < KILL_AFTER_MS) await new Promise((r) => setTimeout(r, 10));
    // The whole process group at once: the primary and its workers, mid-request, no handler runs.
    process.kill(-first.process.pid!, "SIGKILL");
    await new Promise<void>((resolve) =>
      first.process.exitCode !== null || first.process.signalCode !== null ? resolve() : first.process.once("exit", () => resolve()),
    );
    stop.now = true;
    await Promise.all(loops);
    console.log(`crash test: ${acked.length} acknowledged; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(acked.length).toBeGreaterThan(0);

    // A new server on the same folder and database: it must start (recovering the WAL) and clean up after the crash.
    const second = await startServer(serverEnv);
    cleanups.push(() => second.stop());
    const health = await fetch(`${second.url}/healthz`);
    expect(health.status).toBe(200);

    const db = createDb(databaseUrl);
    cleanups.push(() => db.destroy());
    const codes = acked.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);

    const rows = await db.selectFrom("initiatives").select(["id", "code"]).where("code", "in", codes).execute();
    const byCode = new Map<string, number[]>();
    for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), Number(r.id)]);
    const missing = codes.filter((c) => (byCode.get(c) ?? []).length !== 1);
    expect(missing, "acknowledged codes not present exactly once").toEqual([]);

    const attachments = await db.selectFrom("attachments").select(["initiative_id", "sha256"]).execute();
    const outbox = await db.selectFrom("outbox").select("dedupe_key").where("dedupe_key", "like", "receipt:%").execute();
    const receipts = new Set(outbox.map((o) => o.dedupe_key));
    const filesDir = path.join(dataDir, "files");
    for (const a of acked) {
      const id = byCode.get(a.code)![0];
      const mine = attachments.filter((x) => Number(x.initiative_id) === id);
      expect(
        mine.map((x) => x.sha256),
        a.code,
      ).toEqual([a.fileSha]);
      const bytes = await storedBytes(db, dataDir, a.fileSha);
      expect(bytes && sha256(bytes), `file of ${a.code}`).toBe(a.fileSha);
      expect(receipts.has(`receipt:${a.code}`), `receipt email of ${a.code}`).toBe(true);
    }

    // No stray files: every stored file has a row (of any initiative, acknowledged or not), and no temporary file
    // survives the restart.
    const known = new Set(attachments.map((a) => a.sha256));
    if (onPostgres) {
      // Contents live in the database (file_blobs); a blob committed just before the kill, whose initiative was not,
      // is unreferenced and never served: not swept yet (the issue notes say so), so only rows → blobs is checked.
      const blobs = new Set((await db.selectFrom("file_blobs").select("sha256").execute()).map((b) => b.sha256));
      expect(
        [...known].filter((sha) => !blobs.has(sha)),
        "attachment rows without their contents",
      ).toEqual([]);
    } else {
      const stored = fs.existsSync(filesDir) ? fs.readdirSync(filesDir) : [];
      expect(
        stored.filter((f) => !known.has(f)),
        "files without an attachment row",
      ).toEqual([]);
      expect(
        [...known].filter((sha) => !stored.includes(sha)),
        "attachment rows without a file",
      ).toEqual([]);
    }
    const tmpDir = path.join(dataDir, "tmp");
    const temporary = fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : [];
    // PostgreSQL: instances may share DATA_DIR, so the start-up sweep leaves uploads younger than 10 minutes
    // (another instance's, under way) for a later start; they are only ever `.part` files.
    if (onPostgres)
      expect(
        temporary.filter((f) => !f.endsWith(".part")),
        "stray temporary files",
      ).toEqual([]);
    else expect(temporary, "temporary files after the restart").toEqual([]);

    if (sqlitePathOf(databaseUrl) !== null) {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(check.rows).toEqual([{ integrity_check: "ok" }]);
    }
  }, 120_000);
});
