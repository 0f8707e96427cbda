import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./utils/nonce";
import { conditionalDocument } from "./utils/cache.server";
import { langCookieFromQuery } from "./i18n/index";

// Not used by Remix: the servers that run the build (server.ts, the tests' handler) put it in front of Remix's
// request handler, so no route can be reached cross-site (utils/same-origin.server.ts).
export { crossSiteRefusal, withSameOriginCheck } from "./utils/same-origin.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A shared link's `?lang=` is remembered, so the pages reached from it stay in that language (before the cache
  // check: a document that sets a cookie is no shared cache's to keep).
  const langCookie = langCookieFromQuery(request);
  if (langCookie) responseHeaders.append("Set-Cookie", langCookie);
  // Public pages (Cache-Control: public) get an ETag; a repeat visit that still holds it gets 304 unrendered.
  const notModified = conditionalDocument(request, responseStatusCode, responseHeaders, remixContext);
  if (notModified) return notModified;
  const nonce = loadContext.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // No wall-clock limit on the render: every loader value is resolved before it starts (the app defers nothing,
    // and Remix itself rejects a deferred value after abortDelay), so what is left can only be waiting for this
    // process. The limit of Remix's template (6 s from here) counted that wait: under load every page still queued
    // after 6 s was aborted (a 500 whose error page queued again, or a cut page) and its work thrown away, and the
    // queue's first page got no successful answer in a whole bench run. A client that goes away still ends it.
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = dropStrayNulBytes();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // a client that went away is not an error of the page
          if (shellRendered && !request.signal.aborted) console.error(error);
        },
      },
    );
    request.signal.addEventListener("abort", () => abort(), { once: true });
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}

/**
 * React 18.3's streaming renderer flushes its whole 2048-byte buffer even when the last multi-byte character did not
 * fit (fixed upstream for React 19, never released for 18), leaving up to three NUL bytes at the end of a chunk —
 * Vietnamese text hits this on most longer pages. HTML we render never holds a NUL (stored text is cleaned), so the
 * trailing ones are dropped.
 */
function dropStrayNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
