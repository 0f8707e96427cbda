/**
 * A rendered page leaves nothing behind. Remix's data stream (single fetch) starts a timer of about 5 s with every
 * page and every `.data` answer, to give up on data still pending; it was cleared only when the request was aborted,
 * never when the stream was done. So each answer left a timer that fired 5 s later, made an Error (a stack trace)
 * and aborted a finished stream: under load a thousand of them a second, landing on whatever the process did next,
 * and a listener on the request's signal. A page without scripts never reads its stream at all. Patched in
 * patches/@remix-run+server-runtime+2.17.5.patch: cleared once the encoding is complete, as React Router 7 does since
 * remix-run/react-router#14735; Remix 2 has no release with it. The time limit itself: tests/unit/stream-timeout.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

const pendingTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("answers of the request handler", () => {
  it("leave no timer running once their body is read, documents and data alike", async () => {
    for (const path of ["/", "/_root.data", "/initiatives", "/initiatives.data", "/statistics", "/submit"]) {
      const first = await app.fetch(path);
      expect([path, first.status]).toEqual([path, 200]);
      await first.text();
      const before = pendingTimers();
      for (let i = 0; i < 10; i++) {
        const res = await app.fetch(path);
        expect(res.status).toBe(200);
        expect((await res.text()).length).toBeGreaterThan(0);
      }
      await new Promise((resolve) => setImmediate(resolve));
      // Ten answers, and no more timers than before them (with the fault: ten more).
      expect(pendingTimers() - before, path).toBeLessThanOrEqual(0);
    }
  });
});
