/** /readyz answers 503 with JSON once the database cannot be used, while /healthz (liveness) still answers 200. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";

let t: TestDb;
let app: TestApp;
beforeAll(async () => {
  t = await createTestDb();
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup().catch(() => {}));

describe("readiness", () => {
  it("reports an empty outbox, then 503 once the database is closed", async () => {
    const ok = await app.fetch("/readyz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ database: "ok", outbox: { pending: 0, oldestPendingSeconds: null, dead: 0 } });

    await t.db.destroy();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const down = await app.fetch("/readyz");
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ database: "unavailable" });
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
    expect((await app.fetch("/healthz")).status).toBe(200);
  });
});
