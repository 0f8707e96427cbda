// `npm run test:postgres`: the integration suite and the engine's own browser and process tests against PostgreSQL
// (TEST_DATABASE_URL). Every test database is cloned from templates that tests/setup/global-postgres.ts migrates and
// seeds once.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The end-to-end files whose subject is the engine: several processes or instances on one database, crashes, backups,
 * the copy between engines, the page cache's version across processes, and one whole staff path in a browser.
 * The other browser files test markup, layout and the browser's behaviour over models whose every query the
 * integration suite already runs here; they run on SQLite only (docs/decisions/015, "What runs on PostgreSQL").
 */
export const POSTGRES_E2E = [
  "backup-restore",
  "cluster",
  "concurrent-writes",
  "copy-to-postgres",
  "crash-durability",
  "page-cache",
  "postgres-outage",
  "postgres-several-instances",
  "postgres-two-servers",
  "staff-flow",
  "upload-limits",
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/integration/**/*.test.{ts,tsx}", ...POSTGRES_E2E.map((name) => `tests/e2e/${name}.test.ts`)],
    globalSetup: ["tests/setup/global-postgres.ts"],
    // tests/setup/postgres.ts: what makes createTestDb() and startServer() use PostgreSQL
    env: { ...base.test?.env, SK_TEST_ENGINE: "postgres" },
  },
});
