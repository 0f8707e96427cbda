/**
 * HTTP caching of the public side (docs/decisions/004-public-caching.md).
 * Pages opt in with `export const headers = publicPageHeaders`; entry.server.tsx then derives a strong
 * validator from everything the page was rendered from (build version, URL, all loaders' data, which
 * includes the language) and answers a matching If-None-Match with 304 before rendering.
 * Resource routes (CSV, JSON, feed, sitemap) validate on a cheap version counter instead of their body.
 */
import crypto from "node:crypto";
import type { EntryContext, HeadersFunction } from "@remix-run/node";

/** HTML that depends only on the URL and the `lang` cookie: browsers revalidate after a minute, proxies keep it 5. */
export const PUBLIC_HTML = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
/** Generated data files: the same, a little longer at the proxy. */
export const PUBLIC_DATA = "public, max-age=300, s-maxage=600, stale-while-revalidate=3600";

export function etagOf(parts: unknown[]): string {
  const hash = crypto.createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 27);
  return `"${hash}"`;
}

/** True when If-None-Match names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(request: Request, etag: string): boolean {
  const header = request.headers.get("If-None-Match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => strip(t) === strip(etag));
}

const KEEP_ON_304 = ["ETag", "Cache-Control", "Vary", "Last-Modified"];

export function notModifiedResponse(headers: Headers): Response {
  const h = new Headers();
  for (const k of KEEP_ON_304) {
    const v = headers.get(k);
    if (v) h.set(k, v);
  }
  return new Response(null, { status: 304, headers: h });
}

/** Route `headers` export for public pages: cacheable when the loader succeeded, revalidated always on errors. */
export const publicPageHeaders: HeadersFunction = ({ errorHeaders, loaderHeaders }): Record<string, string> => {
  if (errorHeaders) return { "Cache-Control": "no-cache" };
  // A loader may ask for a shorter life (e.g. a 404 verification answer); otherwise the public default.
  return {
    "Cache-Control": loaderHeaders.get("Cache-Control") ?? PUBLIC_HTML,
    Vary: "Cookie",
  };
};

/**
 * Called by entry.server.tsx for every document. Returns a 304 to send instead of rendering, or null.
 * Only pages that declared themselves public (Cache-Control: public) get a validator; a page that sets a
 * cookie is made private, so a shared cache never stores somebody's cookie.
 */
export function conditionalDocument(request: Request, status: number, headers: Headers, context: EntryContext): Response | null {
  const cacheControl = headers.get("Cache-Control") ?? "";
  if (!/\bpublic\b/.test(cacheControl)) return null;
  if (headers.has("Set-Cookie")) {
    headers.set("Cache-Control", "private, no-cache");
    return null;
  }
  if (status !== 200 || (request.method !== "GET" && request.method !== "HEAD")) return null;
  const url = new URL(request.url);
  const etag = etagOf([context.manifest.version, url.pathname, url.search, context.staticHandlerContext.loaderData]);
  headers.set("ETag", etag);
  return matchesIfNoneMatch(request, etag) ? notModifiedResponse(headers) : null;
}

/** For resource routes: a 304 when the client already holds this version, else null. */
export function notModified(request: Request, etag: string, cacheControl = PUBLIC_DATA): Response | null {
  if (!matchesIfNoneMatch(request, etag)) return null;
  return notModifiedResponse(new Headers({ ETag: etag, "Cache-Control": cacheControl }));
}
