/**
 * The files of public/ through the real server (server.ts): served with their caching headers under their own
 * names, by any spelling the file server resolves to them; every other address is the app's (which addresses reach
 * the file server at all: tests/unit/public-files.test.ts).
 */
import fs from "node:fs";
import http from "node:http";
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
  const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, { redirect: "manual", ...init });
  /**
   * The request as written: fetch tidies `//`, `.` and `..` away before sending, and adds `Cache-Control: no-cache`
   * to a conditional request (the Fetch standard), which a file server rightly answers in full.
   */
  const raw = (p: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.get(`${server.url}/`, { path: p, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on("error", reject);
    });

  it("serves public/'s files, an encoded name included, with an hour's caching, to GET and HEAD", async () => {
    const css = fs.readFileSync(path.resolve("public/styles.css"), "utf8");
    for (const p of ["/styles.css", "/favicon.svg", "/favicon%2Esvg"]) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get("Cache-Control"), p).toBe("public, max-age=3600");
    }
    expect(await (await get("/styles.css")).text()).toBe(css);
    const head = await get("/styles.css", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe(String(Buffer.byteLength(css)));
    for (const p of ["//styles.css", "/./styles.css", "/x/../styles.css"]) {
      const r = await raw(p);
      expect(r.status, p).toBe(200);
      expect(r.body, p).toBe(css);
    }
  });

  it("answers a held copy with 304 and no CSP of its own", async () => {
    const first = await get("/styles.css");
    const etag = first.headers.get("ETag")!;
    expect(etag).toBeTruthy();
    const again = await raw("/styles.css", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers["content-security-policy"]).toBeUndefined();
    expect((await raw("/styles.css", { "If-None-Match": '"other"' })).status).toBe(200);
  });

  it("serves the build's files as immutable, and its folder's address redirects", async () => {
    const manifest = fs.readdirSync(path.resolve("public/build")).find((f) => /^manifest-.*\.js$/.test(f));
    expect(manifest).toBeTruthy();
    const r = await get(`/build/${manifest}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const folder = await get("/build");
    expect(folder.status).toBe(301);
    expect(folder.headers.get("Location")).toBe("/build/");
  });

  it("leaves every other address to the app: pages, unknown names, a name under a file, a missing build file", async () => {
    expect((await get("/initiatives")).status).toBe(200);
    for (const p of ["/nothing-here.css", "/styles.css/more", "/build/missing-file.js"]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      // the app's own page, in the user's language, not the file server's
      expect(await r.text(), p).toContain('lang="vi"');
    }
  });
});
