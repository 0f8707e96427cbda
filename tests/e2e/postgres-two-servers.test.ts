/**
 * PostgreSQL only (two separate servers share one database only on PostgreSQL; on SQLite several processes
 * are one cluster whose primary alone migrates and seeds, tests/e2e/cluster.test.ts): two instances started
 * at the same moment on an empty database both come up, and the database holds the reference data and the
 * demo once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { onPostgres } from "../setup/db";
import { createDatabase, dropDatabase, randomDatabaseName } from "../setup/postgres";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!onPostgres)("two servers started together on an empty PostgreSQL database", () => {
  const servers: RunningServer[] = [];
  const name = randomDatabaseName("sk_t");

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await dropDatabase(name);
  });

  it("both come up, and the reference data and demo exist once", async () => {
    const url = await createDatabase(name);
    const started = await Promise.allSettled([
      startServer({ DATABASE_URL: url, SEED_DEMO: "yes" }),
      startServer({ DATABASE_URL: url, SEED_DEMO: "yes" }),
    ]);
    for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
    expect(started.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason).slice(0, 2000))).toEqual(
      [],
    );
    for (const s of servers) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const db = createDb(url);
    try {
      const units = await db.selectFrom("units").select(["code"]).execute();
      expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
      expect(units.length).toBeGreaterThan(100);
      const staff = await db.selectFrom("users").select("email").where("email", "=", "chair@example.org").execute();
      expect(staff).toHaveLength(1);
      // One base-level rubric (the demo's city-level round has its own version: docs/decisions/039-city-level-round.md).
      const rubrics = await db.selectFrom("rubric_versions").select("id").where("level", "=", "base").execute();
      expect(rubrics).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
