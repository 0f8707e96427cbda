/**
 * /bench-floor is the benchmark's framework floor: it exists only when the server runs with BENCH_FLOOR=1 and is
 * an ordinary 404 otherwise (page and data request alike), so no production server serves it by accident.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";

let t: TestDb;
let app: TestApp;
const saved = process.env.BENCH_FLOOR;
beforeAll(async () => {
  t = await createTestDb();
  app = await createTestApp(t.db);
});
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_FLOOR;
  else process.env.BENCH_FLOOR = saved;
});
afterAll(() => t.cleanup());

describe("/bench-floor", () => {
  it("is 404 without BENCH_FLOOR=1, for the page and its data", async () => {
    for (const value of [undefined, "0", "yes", "true"]) {
      if (value === undefined) delete process.env.BENCH_FLOOR;
      else process.env.BENCH_FLOOR = value;
      const page = await app.fetch("/bench-floor?rows=5");
      expect(page.status, `BENCH_FLOOR=${value}`).toBe(404);
      expect(await page.text()).not.toContain("SK-2026-000001");
      const data = await app.fetch("/bench-floor.data?rows=5");
      expect(data.status, `BENCH_FLOOR=${value}`).toBe(404);
    }
  });

  it("serves the rows asked for with BENCH_FLOOR=1", async () => {
    process.env.BENCH_FLOOR = "1";
    const page = await app.fetch("/bench-floor?rows=5");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("SK-2026-000005");
    expect(html).not.toContain("SK-2026-000006");
  });
});
