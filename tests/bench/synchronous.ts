/**
 * `npx tsx tests/bench/synchronous.ts [count]`: what SQLite's `synchronous = FULL` costs against NORMAL (WAL mode)
 * on this machine, for the write that matters most: one submission (initiative, authors, an attachment row, its
 * history event and its receipt email, in one transaction), sequentially, on a file in tests/.tmp.
 * Figures for docs/decisions/017-crash-durability.md.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed/index";
import { createInitiative } from "../../app/models/initiative/initiatives.server";
import { submission } from "../integration/review-fixtures";

const COUNT = Number(process.argv[2] ?? 300);
const dir = path.resolve("tests/.tmp/synchronous");

async function run(mode: "NORMAL" | "FULL", round: number) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.env.SQLITE_SYNCHRONOUS = mode;
  const db = createDb(`file:${path.join(dir, "app.sqlite")}`);
  await migrateToLatest(db);
  await seed(db, { demo: false, demoPassword: "demo-password" });
  const times: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t0 = performance.now();
    await createInitiative(
      db,
      submission({ title: `Sáng kiến đo ${round}-${i}` }),
      [{ sha256: `${String(i).padStart(8, "0")}`.padEnd(64, "a"), filename: "hs.pdf", mime: "application/pdf", size: 1234 }],
      { submitKey: `sync-${mode}-${round}-${i}` },
    );
    times.push(performance.now() - t0);
  }
  await db.destroy();
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    `${mode.padEnd(6)} round ${round}: ${COUNT} submissions, mean ${mean.toFixed(2)} ms, p50 ${p(0.5).toFixed(2)} ms, p95 ${p(0.95).toFixed(2)} ms, ${(1000 / mean).toFixed(0)}/s`,
  );
}

/**
 * The commit alone: five rows of a submission's size (about 6 kB in all) per transaction, with better-sqlite3 and
 * nothing else, so the difference is the fsync and not the app's own work (hashing the access token, rendering the email).
 */
function raw(mode: "NORMAL" | "FULL", round: number) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const db = new SQLite(path.join(dir, "raw.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${mode}`);
  db.exec("create table t (id integer primary key, body text)");
  const insert = db.prepare("insert into t (body) values (?)");
  const body = "x".repeat(1200);
  const tx = db.transaction(() => {
    for (let k = 0; k < 5; k++) insert.run(body);
  });
  const n = COUNT * 3;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tx();
  const ms = (performance.now() - t0) / n;
  db.close();
  console.log(`${mode.padEnd(6)} round ${round}: ${n} bare commits, mean ${ms.toFixed(3)} ms, ${(1000 / ms).toFixed(0)}/s`);
}

for (let round = 1; round <= 2; round++) {
  await run("NORMAL", round);
  await run("FULL", round);
  raw("NORMAL", round);
  raw("FULL", round);
}
fs.rmSync(dir, { recursive: true, force: true });
