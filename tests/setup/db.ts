/**
 * A fresh database per call, migrated, with the reference data loaded; `withDemo` also loads the demo accounts
 * and initiatives. On SQLite (`npm test`) it is a real file, as in production, copied from a template migrated and
 * seeded once per run. With TEST_DATABASE_URL
 * (`npm run test:postgres`) it is a PostgreSQL database of its own, cloned from a template migrated and seeded once
 * per run, and dropped by cleanup(): test files run in parallel without seeing each other's rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb, type DB, type Engine } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed/index";
import { createDatabase, dropDatabase, randomDatabaseName, testDatabaseUrl } from "./postgres";

export interface TestDb {
  db: DB;
  engine: Engine;
  /** a folder of its own for files (attachments, exports) */
  dir: string;
  /** the SQLite file; null on PostgreSQL */
  file: string | null;
  url: string;
  cleanup: () => Promise<void>;
}

/** The engine this run tests: PostgreSQL when TEST_DATABASE_URL is set. */
export const testEngine: Engine = testDatabaseUrl() ? "postgres" : "sqlite";
export const onPostgres = testEngine === "postgres";

export async function createTestDb(opts: { withDemo?: boolean } = {}): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-test-"));
  if (onPostgres) {
    const templates = inject("pgTemplates");
    const name = randomDatabaseName("sk_t");
    const url = await createDatabase(name, opts.withDemo ? templates.demo : templates.base);
    const db = createDb(url);
    return {
      db,
      engine: "postgres",
      dir,
      file: null,
      url,
      cleanup: async () => {
        await db.destroy();
        await dropDatabase(name);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dir, "app.sqlite");
  const url = `file:${file}`;
  // A copy of the run's template (tests/setup/global-sqlite.ts); migrated and seeded here only when a run has none.
  const templates = inject("sqliteTemplates");
  if (templates) fs.copyFileSync(opts.withDemo ? templates.demo : templates.base, file);
  const db = createDb(url);
  if (!templates) {
    await migrateToLatest(db);
    await seed(db, { demo: Boolean(opts.withDemo), demoPassword: "demo-password" });
  }
  return {
    db,
    engine: "sqlite",
    dir,
    file,
    url,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty database (no tables) for a server to migrate and seed itself: a SQLite path in `dir`, or a new PostgreSQL database. */
export async function createEmptyDatabase(dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (onPostgres) {
    const name = randomDatabaseName("sk_t");
    const url = await createDatabase(name);
    return { url, drop: () => dropDatabase(name) };
  }
  return { url: `file:${path.join(dir, "app.sqlite")}`, drop: async () => {} };
}
