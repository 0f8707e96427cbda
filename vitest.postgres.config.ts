// `npm run test:postgres`: the integration and browser suites against PostgreSQL (TEST_DATABASE_URL).
// Every test database is cloned from templates that tests/setup/global-postgres.ts migrates and seeds once.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/integration/**/*.test.{ts,tsx}", "tests/e2e/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/setup/global-postgres.ts"],
    // tests/setup/postgres.ts: what makes createTestDb() and startServer() use PostgreSQL
    env: { ...base.test?.env, SK_TEST_ENGINE: "postgres" },
  },
});
