/**
 * vitest globalSetup for `npm run test:postgres`: migrates and seeds two template databases once per run
 * (reference data only; with the demo), which createTestDb() then clones per test.
 */
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed/index";
import { createDatabase, dropDatabase, randomDatabaseName, testDatabaseUrl } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplates: { base: string; demo: string };
  }
}

export default async function setup(project: TestProject) {
  // the demo passwords at the suite's hash cost: the config's test.env reaches the test processes, not this one
  const cost = project.config.env?.PASSWORD_HASH_TEST_N;
  if (cost) process.env.PASSWORD_HASH_TEST_N = cost;
  // the test processes get SK_TEST_ENGINE from the config's test.env; this one (the main process) reads it too
  process.env.SK_TEST_ENGINE = "postgres";
  testDatabaseUrl();
  const base = randomDatabaseName("sk_tpl");
  const demo = randomDatabaseName("sk_tpl");
  for (const [name, withDemo] of [
    [base, false],
    [demo, true],
  ] as const) {
    const db = createDb(await createDatabase(name));
    try {
      await migrateToLatest(db);
      await seed(db, { demo: withDemo, demoPassword: "demo-password" });
    } finally {
      await db.destroy();
    }
  }
  project.provide("pgTemplates", { base, demo });
  return async () => {
    await dropDatabase(base);
    await dropDatabase(demo);
  };
}
