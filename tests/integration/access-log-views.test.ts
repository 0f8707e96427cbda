/**
 * The access log records page views, not page loads (docs/decisions/029-staff-notifications.md, "Access log"): through
 * the real handler, with the headers Chromium sends, a document request and a first data load (a click from the
 * queue) are one row each; the data load that refreshes the page after the person's own action on it (the redirect
 * after a note, loaded by the page's script from the same address) is none; a reload is a view again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { post } from "./staff-support";
import { initiativeInReview, signIn, staffIds } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let secretary: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  secretary = await signIn(t.db, "secretary@example.org");
});
afterAll(() => t.cleanup());

/** What Chromium sends for a page typed or reloaded in the address bar. */
function documentLoad(path: string, cookie: string, referer?: string) {
  return app.fetch(path, {
    headers: {
      Cookie: cookie,
      Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "Sec-Fetch-Dest": "document",
      "Sec-Fetch-Mode": "navigate",
      ...(referer ? { Referer: `${BASE}${referer}` } : {}),
    },
  });
}

/** What the page's script sends to load a route's data (Remix single fetch: `<path>.data`), from the page at `from`. */
function dataLoad(path: string, cookie: string, from: string) {
  const url = new URL(path, BASE);
  url.pathname = `${url.pathname}.data`;
  return app.fetch(url.toString(), {
    headers: { Cookie: cookie, Accept: "*/*", "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", Referer: `${BASE}${from}` },
  });
}

async function viewsOf(code: string) {
  const rows = await t.db.selectFrom("access_log").select("action").where("initiative_code", "=", code).execute();
  return rows.filter((r) => r.action === "identity").length;
}

describe("the access log counts views, not loads", () => {
  it("logs a document load and a first data load, not the refresh after the person's own action; a reload again", async () => {
    const ids = await staffIds(t.db);
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const page = `/staff/initiatives/${i.code}`;

    expect((await documentLoad(page, secretary)).status).toBe(200);
    expect(await viewsOf(i.code)).toBe(1);

    // A click from the queue: the page's data is fetched by script, from the queue's address.
    expect((await dataLoad(page, secretary, "/staff")).status).toBe(200);
    expect(await viewsOf(i.code)).toBe(2);

    // A note posted from the page; the redirect's data is fetched from the same page: the same view goes on.
    const noted = await post(app, page, secretary, { intent: "note", body: "Đã gọi điện cho người nộp." });
    expect(noted.status).toBe(302);
    const after = noted.headers.get("Location")!;
    expect(after).toBe(`${page}?done=note`);
    expect((await dataLoad(after, secretary, page)).status).toBe(200);
    expect(await viewsOf(i.code)).toBe(2);

    // Reloaded in the browser: a view again, even from its own address.
    expect((await documentLoad(after, secretary, page)).status).toBe(200);
    expect(await viewsOf(i.code)).toBe(3);

    // A request that says nothing of where it comes from (a script, a monitor) is logged: when in doubt, a view.
    expect((await app.fetch(page, { headers: { Cookie: secretary } })).status).toBe(200);
    expect(await viewsOf(i.code)).toBe(4);
  });
});
