/**
 * Requests that change something must come from this site (docs/decisions/010-same-origin-posts.md).
 *
 * Remix checks `Origin` against `Host` for document and single-fetch actions only, and answers a mismatch with a
 * 500; resource routes (`/staff/logout`, `/submit/upload`, `/lang`) it does not check at all. This check runs in
 * front of the whole request handler, so it covers every route, including the ones added later, before any of
 * them reads a byte of the body. Both the server (server.ts) and the integration tests (tests/setup/app.ts) take
 * it from the build (`build.entry.module`, re-exported by entry.server.tsx): the same code in both places.
 */
import { dictionaryFor, langFromCookieHeader } from "~/i18n/index";
import { isLoopbackHost, publicUrl } from "./env.server";

/** What the check reads of a request: a fetch `Request`, or a thin view of an Express one. */
export interface RequestHead {
  method: string;
  headers: { get(name: string): string | null };
}

const READS = new Set(["GET", "HEAD"]);

/** The refusal for a request another site made a browser send, or null when it may go on. */
export function crossSiteRefusal(request: RequestHead, site: string = publicUrl()): Response | null {
  if (READS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get("Origin");
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  // Neither header: not a browser (a script, a monitor, the tests), which no other site can drive.
  const foreign = (origin !== null && !isSiteOrigin(origin, site)) || fetchSite?.trim().toLowerCase() === "cross-site";
  if (!foreign) return null;
  const lang = langFromCookieHeader(request.headers.get("Cookie"));
  return new Response(dictionaryFor(lang).common.errors.crossSite, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * The site's own origin. On this machine (a loopback PUBLIC_URL, as in development) localhost, 127.0.0.1 and [::1]
 * name the same server, so each is accepted on the same scheme and port; a real site has one public origin.
 * `Origin: null` (sandboxed frames, privacy-sensitive redirects) is never the site.
 */
function isSiteOrigin(origin: string, site: string): boolean {
  let o: URL;
  let s: URL;
  try {
    o = new URL(origin);
    s = new URL(site);
  } catch {
    return false;
  }
  if (o.origin === s.origin) return true;
  return isLoopbackHost(s.hostname) && isLoopbackHost(o.hostname) && o.protocol === s.protocol && o.port === s.port;
}

type Handler<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Promise<Response>;

/** A Remix request handler (`createRequestHandler` of `@remix-run/node`) that refuses cross-site requests first. */
export function withSameOriginCheck<Rest extends unknown[]>(handler: Handler<Rest>): Handler<Rest> {
  return async (request, ...rest) => crossSiteRefusal(request) ?? handler(request, ...rest);
}

/** What entry.server.tsx exports for the servers that run the build. */
export interface SameOriginExports {
  crossSiteRefusal: typeof crossSiteRefusal;
  withSameOriginCheck: typeof withSameOriginCheck;
}
