/**
 * The page cache in front of Remix (docs/decisions/033-rendered-page-cache.md). A hit is answered by `serveHit`,
 * which the server calls before express (no middleware, no header parsing beyond the few it needs, no per-hit
 * compression or ETag work: a map lookup and a socket write). A miss goes through express to the middleware, which
 * lets Remix render the page (through its fetch handler, so the bytes can be kept) while streaming it to the client.
 */
import type http from "node:http";
import SQLite from "better-sqlite3";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import { sqlitePathOf, type DB } from "../../db/client";
import { watchWalIndex } from "../../db/wal-index";
import { langFromCookieHeader, langFromQuery } from "~/i18n";
import { hanoiDate } from "~/utils/clock";
import { matchesIfNoneMatch } from "~/utils/cache.server";
import { cspNonce } from "~/utils/csp-nonce.server";
import {
  compressedCopy,
  isCacheablePath,
  isStorable,
  normalisedQuery,
  pageKey,
  PageCache,
  publicPagesVersion,
  type CachedPage,
} from "~/utils/page-cache.server";

/**
 * The version reader of the hit path. On SQLite a connection of its own answers synchronously (a prepared
 * primary-key read, and no promise per request), and only when something has committed since its last read: the
 * WAL index says so from a shared mapping of its header, a memory read (db/wal-index.ts), where a read transaction's
 * shared-memory locks cost the hit path a quarter of its CPU with two workers, and a `pread` per request a fifth of
 * its throughput. A write committed on any connection is seen by the next request.
 * On PostgreSQL it is the ordinary query, one round trip.
 */
export function publicPagesVersionReader(db: DB, databaseUrl: string): () => number | Promise<number> {
  const file = sqlitePathOf(databaseUrl);
  if (file === null || file === ":memory:") return () => publicPagesVersion(db);
  const sqlite = new SQLite(file, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  const statement = sqlite.prepare("SELECT version FROM public_state WHERE key = 'pages'").pluck();
  const read = () => (statement.get() as number | undefined) ?? 0;
  // A first read opens the WAL, so the -shm file exists (and is held) before it is watched. Should it fail, the
  // database is away: the watch cannot be opened and every request reads (and meets the outage) as before.
  try {
    read();
  } catch {
    // answered per request
  }
  const commits = watchWalIndex(file);
  // Never returned before a read: the watch's first look always reports a change.
  let version = 0;
  // Closed with the process, so the last connection to go still folds the WAL back into the file; the watch after
  // it, as its descriptor's close drops the process's locks on the -shm file (db/wal-index.ts).
  process.once("exit", () => {
    sqlite.close();
    commits?.close();
  });
  if (!commits) return read;
  return () => {
    // The header is read before the version: a commit in between is seen as a change by the next request.
    if (!commits.changed()) return version;
    try {
      version = read();
    } catch (err) {
      commits.forget();
      throw err;
    }
    return version;
  };
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
  /** The content version, read once per request (default: through `db`; see publicPagesVersionReader). */
  version?: () => number | Promise<number>;
  /** The headers every answer carries, for a nonce (server.ts): a hit sends them itself, before express runs. */
  securityHeaders?: (nonce: string) => Record<string, string>;
}

/** The key the hit path computed for a miss, so the miss renders under the version read when it arrived. */
const MISSED_KEY = Symbol("pageCacheKey");
type WithKey = { [MISSED_KEY]?: string };

/** Path, normalised query and language of a request, the parts of its key that do not change with the content. */
interface RequestParts {
  pathname: string;
  query: string;
  lang: string;
}
function requestParts(pathname: string, search: string, cookie: string | undefined): RequestParts | null {
  const query = normalisedQuery(search);
  if (query === null) return null;
  const asked = search.includes("lang=") ? langFromQuery(`http://x/${search}`) : null;
  return { pathname, query, lang: asked ?? langFromCookieHeader(cookie ?? null) };
}

/** If-None-Match against one ETag (weak comparison), as app/utils/cache.server.ts does for a Request. */
function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = strip(etag);
  return header.split(",").some((t) => strip(t) === wanted);
}

/**
 * A hit's headers, flat ([name, value, name, value, …]) as `writeHead` takes them; built once per entry. The values
 * that carry the nonce come last, so an answer fills in only those, in place (see `answer`).
 */
interface HitHeaders {
  identity: string[];
  gzip: string[];
  notModified: string[];
}
const hitHeadersOf = new WeakMap<CachedPage, HitHeaders>();

const NONCE_MARK = "\u0000nonce\u0000";

/** Where the bench reads a worker's hit and miss counters (only with benchBypass). */
export const BENCH_STATS_PATH = "/bench-floor/page-cache";

export function pageCacheMiddleware(options: PageCacheOptions): {
  middleware: express.RequestHandler;
  serveHit: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
  cache: PageCache;
} {
  const cache = new PageCache(options.maxBytes);
  const remix = createRequestHandler(options.build, options.mode);
  const readVersion = options.version ?? (() => publicPagesVersion(options.db));

  // The security headers with a marker for the nonce: the CSP is the only one that differs between answers.
  const security = Object.entries(options.securityHeaders?.(NONCE_MARK) ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const);
  const fixedSecurity = security.filter(([, v]) => !v.includes(NONCE_MARK)).flat();
  // Each as [name, the text before the nonce, the text after it]: a value names its nonce once (the CSP's script-src).
  const perNonce = security
    .filter(([, v]) => v.includes(NONCE_MARK))
    .map(([k, v]) => {
      const parts = v.split(NONCE_MARK);
      if (parts.length !== 2) throw new Error(`the header ${k} names the nonce ${parts.length - 1} times; the hit path fills in one`);
      return [k, parts[0], parts[1]] as const;
    });
  const securityNames = new Set(security.map(([k]) => k));

  function hitHeaders(page: CachedPage): HitHeaders {
    let h = hitHeadersOf.get(page);
    if (h) return h;
    const own = page.headers.filter(([k]) => !securityNames.has(k));
    const vary = withVaryOnEncoding(own.find(([k]) => k === "vary")?.[1]);
    const common = [...fixedSecurity, ...own.filter(([k]) => k !== "vary" && k !== "content-length").flat(), "vary", vary];
    const nonceSlots = perNonce.flatMap(([k]) => [k, ""]);
    h = {
      identity: [...common, "content-length", String(page.body.length), "x-page-cache", "hit", ...nonceSlots],
      gzip: [...common, "content-encoding", "gzip", "content-length", String(page.gzip.length), "x-page-cache", "hit", ...nonceSlots],
      // A 304 brings no CSP: the page the browser holds keeps the nonce of its own (server.ts).
      notModified: [...fixedSecurity, ...own.filter(([k]) => KEEP_ON_304.includes(k)).flat()],
    };
    hitHeadersOf.set(page, h);
    return h;
  }

  /** A hit, or a miss noted on the request for the middleware; one function for every request (no closure per hit). */
  function answer(req: http.IncomingMessage, res: http.ServerResponse, next: () => void, parts: RequestParts, version: number) {
    const key = pageKey({ pathname: parts.pathname, query: parts.query, lang: parts.lang, version, day: hanoiDate() });
    const page = cache.get(key);
    if (!page) {
      (req as WithKey)[MISSED_KEY] = key;
      return next();
    }
    const h = hitHeaders(page);
    const inm = req.headers["if-none-match"];
    if (page.etag && inm && etagListMatches(inm, page.etag)) {
      res.writeHead(304, h.notModified);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const headers = gzip ? h.gzip : h.identity;
    if (perNonce.length) {
      // Filled in place: writeHead turns the list into the header block before it returns and keeps no reference.
      const nonce = cspNonce();
      for (let i = 0, at = headers.length - 2 * perNonce.length + 1; i < perNonce.length; i++, at += 2)
        headers[at] = perNonce[i][1] + nonce + perNonce[i][2];
    }
    res.writeHead(page.status, headers);
    res.end(req.method === "HEAD" ? undefined : gzip ? page.gzip : page.body);
  }

  /**
   * The hit path, before express: a version read, a map lookup and one write. Anything else (a miss, a page not
   * kept, a database away) goes on to express, with the key of a miss noted on the request.
   */
  function serveHit(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void {
    const method = req.method;
    if (options.maxBytes === 0 || (method !== "GET" && method !== "HEAD")) return next();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    if (!isCacheablePath(pathname)) return next();
    if (options.benchBypass && req.headers["x-bench-no-cache"] === "1") return next();
    const parts = requestParts(pathname, q < 0 ? "" : url.slice(q), req.headers.cookie);
    if (!parts) return next();

    let version: number | Promise<number>;
    try {
      version = readVersion();
    } catch {
      // The database is away: Remix answers (503 with a message, app/utils/database-outage.server.ts), uncached.
      return next();
    }
    if (typeof version === "number") return answer(req, res, next, parts, version);
    version.then(
      (v) => answer(req, res, next, parts, v),
      () => next(),
    );
  }

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
    const parts = requestParts(req.path, search, req.get("Cookie"));
    if (parts === null) return next();
    const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;

    void (async () => {
      // The hit path already read the version and looked the key up a moment ago: render under that key.
      let key = (req as WithKey)[MISSED_KEY];
      if (key === undefined) {
        let version: number;
        try {
          version = await readVersion();
        } catch {
          // The database is away: Remix answers (503 with a message, app/utils/database-outage.server.ts), uncached.
          return next();
        }
        key = pageKey({ pathname: parts.pathname, query: parts.query, lang: parts.lang, version, day: hanoiDate() });
        const hit = cache.get(key);
        if (hit) return send(req, res, hit);
      }
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
  return { middleware, serveHit, cache };
}
