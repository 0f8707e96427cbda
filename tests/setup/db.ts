/**
 * A fresh, migrated SQLite file per test (a real file, as in production), with the reference data loaded.
 * `withDemo` also loads the demo accounts and initiatives.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type DB } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed/index";

export interface TestDb {
  db: DB;
  dir: string;
  file: string;
  url: string;
  cleanup: () => Promise<void>;
}

export async function createTestDb(opts: { withDemo?: boolean } = {}): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-test-"));
  const file = path.join(dir, "app.sqlite");
  const url = `file:${file}`;
  const db = createDb(url);
  await migrateToLatest(db);
  await seed(db, { demo: Boolean(opts.withDemo), demoPassword: "demo-password" });
  return {
    db,
    dir,
    file,
    url,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
