/**
 * Every table that scrolls sideways on a narrow screen does so in the shared box (app/components/table-scroll.tsx):
 * a named region that takes keyboard focus, so a keyboard user can scroll it and a screen reader says what it is.
 * Through the real handler, on the public pages with tables and the secretary's "needs action" list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { get, signIn, ACCOUNTS } from "./staff-support";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

/** The opening tags of the page's scrolling boxes. */
function boxes(html: string): string[] {
  return [...html.matchAll(/<div[^>]*class="table-scroll"[^>]*>/g)].map((m) => m[0]);
}

describe("tables scroll in a named, focusable region", () => {
  it("on the help, open data and statistics pages and in the needs-action list", async () => {
    const secretary = await signIn(app, ACCOUNTS.secretary);
    for (const [path, cookie] of [
      ["/help", undefined],
      ["/open-data", undefined],
      ["/statistics", undefined],
      ["/staff", secretary],
    ] as const) {
      const res = await get(app, path, cookie);
      expect(res.status, path).toBe(200);
      const found = boxes(await res.text());
      expect(found.length, `${path} has a scrolling table`).toBeGreaterThan(0);
      for (const box of found) {
        expect(box, path).toContain('role="region"');
        expect(box, path).toContain('tabindex="0"');
        expect(box, path).toMatch(/aria-label(ledby)?="[^"]+"/);
      }
    }
  });
});
