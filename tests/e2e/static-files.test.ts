/**
 * The files of public/ through the real server (server.ts): served with their caching headers under their own
 * names, and every other address goes on to the app (a page, or its 404), never to a file lookup.
 */
import fs from "node:fs";
import path from "node:path";
import { startServer, type RunningServer } from "../setup/server";

describe("static files", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0" });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const get = (p: string) => fetch(`${server.url}${p}`);

  it("serves public/'s files, an encoded name included, with an hour's caching", async () => {
    for (const p of ["/styles.css", "/favicon.svg", "/favicon%2Esvg"]) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get("Cache-Control"), p).toBe("public, max-age=3600");
    }
    expect(await (await get("/styles.css")).text()).toBe(fs.readFileSync(path.resolve("public/styles.css"), "utf8"));
  });

  it("serves the build's files as immutable", async () => {
    const manifest = fs.readdirSync(path.resolve("public/build")).find((f) => /^manifest-.*\.js$/.test(f));
    expect(manifest).toBeTruthy();
    const r = await get(`/build/${manifest}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
  });

  it("leaves every other address to the app: pages, unknown paths, a name under a file, a broken escape", async () => {
    expect((await get("/initiatives")).status).toBe(200);
    for (const p of ["/nothing-here.css", "/styles.css/more", "/%E0%A4%A"]) {
      const r = await get(p);
      expect(r.status, p).toBe(p === "/%E0%A4%A" ? 400 : 404);
      expect(r.headers.get("Content-Type"), p).toMatch(/text\/html/);
    }
  });
});
