/**
 * vitest globalSetup for `npm test` (SQLite): migrates and seeds two template files once per run (reference data
 * only; with the demo, whose staff passwords take a memory-hard hash each), which createTestDb() then copies per
 * call instead of migrating and seeding again (the Epic Stack's base file per run).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed/index";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplates: { base: string; demo: string };
  }
}

export default async function setup(project: TestProject) {
  // the demo passwords at the suite's hash cost: the config's test.env reaches the test processes, not this one
  const cost = project.config.env?.PASSWORD_HASH_TEST_N;
  if (cost) process.env.PASSWORD_HASH_TEST_N = cost;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-template-"));
  const base = path.join(dir, "base.sqlite");
  const demo = path.join(dir, "demo.sqlite");
  for (const [file, withDemo] of [
    [base, false],
    [demo, true],
  ] as const) {
    const db = createDb(`file:${file}`);
    try {
      await migrateToLatest(db);
      await seed(db, { demo: withDemo, demoPassword: "demo-password" });
    } finally {
      await db.destroy();
    }
    // Everything in the main file, no -wal beside it: a plain copy is then the whole database.
    const sqlite = new SQLite(file);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.close();
    if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) throw new Error(`template ${file} kept a write-ahead log`);
  }
  project.provide("sqliteTemplates", { base, demo });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
