/**
 * The rendered-page cache on a real server (docs/decisions/033-rendered-page-cache.md): a repeat request is answered
 * from memory, languages and cookies are kept apart, and a publication is visible to every request sent after it
 * committed, however many readers were being served from the cache at that moment.
 */
import { createDb, type DB } from "../../db/client";
import { startServer, type RunningServer } from "../setup/server";
import { publishFixture } from "../integration/public-fixtures";

describe("the rendered-page cache", () => {
  let server: RunningServer;
  let db: DB;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0", WEB_CONCURRENCY: "2" });
    db = createDb(server.databaseUrl);
  });
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  it("answers a repeat request from memory with the same bytes, compressed or not, and 304 for a held ETag", async () => {
    // Two workers: each keeps its own copy, so ask until both have been asked twice.
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const r = await get("/initiatives?area=procedures");
      answers.push({ cache: r.headers.get("X-Page-Cache"), body: await r.text(), etag: r.headers.get("ETag") });
    }
    expect(answers.some((a) => a.cache === "hit")).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const etag = answers.find((a) => a.etag)!.etag!;
    const plain = await get("/initiatives?area=procedures", { "Accept-Encoding": "identity" });
    expect(await plain.text()).toBe(answers[0].body);
    const revalidated = await get("/initiatives?area=procedures", { "If-None-Match": etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("Content-Security-Policy")).toBeNull();
  });

  it("keeps the languages apart and never keeps a page that sets a cookie", async () => {
    for (let i = 0; i < 3; i++) {
      const vi = await (await get("/statistics", { Cookie: "lang=vi" })).text();
      const en = await (await get("/statistics", { Cookie: "lang=en" })).text();
      expect(vi).toContain('lang="vi"');
      expect(en).toContain('<html lang="en"');
    }
    for (let i = 0; i < 3; i++) {
      const r = await get("/statistics?lang=en");
      expect(r.headers.get("Set-Cookie")).toMatch(/lang=en/);
      expect(r.headers.get("X-Page-Cache")).not.toBe("hit");
    }
  });

  it("never answers a staff or citizen page from it", async () => {
    for (let i = 0; i < 3; i++) {
      for (const path of ["/staff/login", "/track", "/submit"]) expect((await get(path)).headers.get("X-Page-Cache"), path).toBeNull();
    }
  });

  it("shows a publication to every request sent after it committed, while readers are served from the cache", async () => {
    const pages = [
      "/",
      "/initiatives",
      "/initiatives?q=gi%E1%BA%A5y+h%E1%BA%B9n",
      "/feed.xml",
      "/sitemap.xml",
      "/open-data/initiatives.json",
    ];
    for (const p of pages) for (let i = 0; i < 4; i++) await (await get(p)).text();
    const title = `Giấy hẹn trực tuyến cho thủ tục ${Date.now()}`;
    let publishedAt = Infinity;
    let slug = "";
    let stop = false;
    const stale: string[] = [];
    let afterPublish = 0;
    let hits = 0;
    const reader = async (n: number) => {
      for (let i = n; !stop; i++) {
        const path = pages[i % pages.length];
        const sentAt = performance.now();
        const r = await get(path);
        const body = await r.text();
        if (r.headers.get("X-Page-Cache") === "hit") hits++;
        // `/` lists the newest publications; the other pages list every one, or the query's matches.
        if (sentAt > publishedAt) {
          afterPublish++;
          if (!body.includes(title) && !body.includes(slug)) stale.push(path);
        }
      }
    };
    const readers = Array.from({ length: 6 }, (_, n) => reader(n));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const published = await publishFixture(db, { title });
    slug = published.slug;
    publishedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop = true;
    await Promise.all(readers);
    expect(published.slug).toBeTruthy();
    expect(hits).toBeGreaterThan(0);
    expect(afterPublish).toBeGreaterThan(pages.length);
    expect(stale).toEqual([]);
  });
});
