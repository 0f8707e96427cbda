/**
 * The page cache in front of Remix (docs/decisions/033-rendered-page-cache.md): express middleware that answers a
 * public page from memory when this process already rendered it for the same key, and otherwise lets Remix render
 * it (through its fetch handler, so the bytes can be kept) while streaming it to the client.
 */
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import type { DB } from "../../db/client";
import { langFromCookieHeader, langFromQuery } from "~/i18n";
import { hanoiDate } from "~/utils/clock";
import { matchesIfNoneMatch } from "~/utils/cache.server";
import {
  compressedCopy,
  isCacheablePath,
  isStorable,
  normalisedQuery,
  pageKey,
  PageCache,
  type CachedPage,
} from "~/utils/page-cache.server";

/** The version of what public pages show; triggers bump it with every write they could show (migration 0020). */
export async function publicPagesVersion(db: DB): Promise<number> {
  const row = await db.selectFrom("public_state").select("version").where("key", "=", "pages").executeTakeFirst();
  return row?.version ?? 0;
}

const KEEP_ON_304 = ["etag", "cache-control", "vary"];

function acceptsGzip(req: express.Request): boolean {
  return /\bgzip\b/.test(req.get("Accept-Encoding") ?? "");
}

function withVaryOnEncoding(vary: string | undefined): string {
  const names = (vary ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  if (!names.some((n) => n.toLowerCase() === "accept-encoding")) names.push("Accept-Encoding");
  return names.join(", ");
}

function send(req: express.Request, res: express.Response, page: CachedPage) {
  if (
    page.etag &&
    matchesIfNoneMatch(new Request("http://x/", { headers: { "If-None-Match": req.get("If-None-Match") ?? "" } }), page.etag)
  ) {
    res.removeHeader("Content-Security-Policy");
    res.status(304);
    for (const [k, v] of page.headers) if (KEEP_ON_304.includes(k)) res.setHeader(k, v);
    res.end();
    return;
  }
  res.status(page.status);
  for (const [k, v] of page.headers) res.setHeader(k, v);
  res.setHeader("Vary", withVaryOnEncoding(res.getHeader("Vary") as string | undefined));
  const gzip = acceptsGzip(req);
  const body = gzip ? page.gzip : page.body;
  // Already encoded: the compression middleware leaves a response with a Content-Encoding alone.
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", String(body.length));
  res.setHeader("X-Page-Cache", "hit");
  res.end(req.method === "HEAD" ? undefined : body);
}

export interface PageCacheOptions {
  build: ServerBuild;
  mode: string;
  db: DB;
  maxBytes: number;
  loadContext: (req: express.Request, res: express.Response) => AppLoadContext;
  /** Under the bench (BENCH_FLOOR=1), `X-Bench-No-Cache: 1` renders as if there were no cache, to measure both. */
  benchBypass?: boolean;
}

/** Where the bench reads a worker's hit and miss counters (only with benchBypass). */
export const BENCH_STATS_PATH = "/bench-floor/page-cache";

export function pageCacheMiddleware(options: PageCacheOptions): { middleware: express.RequestHandler; cache: PageCache } {
  const cache = new PageCache(options.maxBytes);
  const remix = createRequestHandler(options.build, options.mode);

  const middleware: express.RequestHandler = (req, res, next) => {
    // The bench's view of this process's counters (hit ratio under load); like the bypass, only under BENCH_FLOOR=1.
    if (options.benchBypass && req.method === "GET" && req.path === BENCH_STATS_PATH) {
      res.setHeader("Cache-Control", "no-store");
      res.json({ pid: process.pid, ...cache.stats() });
      return;
    }
    if (options.maxBytes === 0 || (req.method !== "GET" && req.method !== "HEAD") || !isCacheablePath(req.path)) return next();
    if (options.benchBypass && req.get("X-Bench-No-Cache") === "1") return next();
    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const query = normalisedQuery(search);
    if (query === null) return next();
    const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
    const lang = langFromQuery(url) ?? langFromCookieHeader(req.get("Cookie") ?? null);

    void (async () => {
      let version: number;
      try {
        version = await publicPagesVersion(options.db);
      } catch {
        // The database is away: Remix answers (503 with a message, app/utils/database-outage.server.ts), uncached.
        return next();
      }
      const key = pageKey({ pathname: req.path, query, lang, version, day: hanoiDate() });
      const hit = cache.get(key);
      if (hit) return send(req, res, hit);
      if (req.method === "HEAD") return next();

      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
        else if (v !== undefined) headers.set(k, v);
      }
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const response = await remix(new Request(url, { method: "GET", headers, signal: controller.signal }), options.loadContext(req, res));

      res.status(response.status);
      const stored: [string, string][] = [];
      response.headers.forEach((v, k) => {
        if (k === "set-cookie") return;
        res.setHeader(k, v);
        stored.push([k, v]);
      });
      for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
      // Every answer gets a fresh CSP nonce (server.ts). A page whose HTML uses its nonce (a script) is not kept, so a
      // hit can go out with the request's own nonce and no two answers share one.
      const nonce = String(res.locals.cspNonce ?? "");

      const storable = isStorable(response.status, response.headers);
      const limit = cache.maxBytes / 8;
      const chunks: Buffer[] = [];
      let size = 0;
      let keep = storable;
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          const buf = Buffer.from(chunk);
          if (keep) {
            size += buf.length;
            if (size > limit) keep = false;
            else chunks.push(buf);
          }
          if (!res.write(buf)) await new Promise((resolve) => res.once("drain", resolve));
        }
      }
      res.end();
      if (keep) {
        const body = Buffer.concat(chunks);
        if (nonce && body.includes(nonce)) return;
        cache.set(key, { status: response.status, headers: stored, etag: response.headers.get("ETag"), body, gzip: compressedCopy(body) });
      }
    })().catch((err: unknown) => {
      // Before anything was sent, the ordinary path answers instead (a database away gets its 503 there); after,
      // the connection is cut, as Remix's own handler would.
      if (!res.headersSent) next();
      else res.destroy(err instanceof Error ? err : undefined);
    });
  };
  return { middleware, cache };
}
