import type { AppLoadContext } from "@remix-run/node";

/**
 * The loader data of a page that ships no JavaScript (`handle = { hydrate: false }`, root.tsx), for a document request.
 *
 * Remix encodes every document's loader data for the browser's router (a turbo-stream, eagerly, before the page
 * renders) even when the page leaves out the script that would read it, so a no-JavaScript page paid for walking
 * all of its data once more per request: a search page's twenty results, its filter lists. Here the top-level
 * fields stay readable by the page's own components and meta (they read the same object on the server) but are not
 * enumerable, which is what the encoder walks; JSON (the ETag, cache.server.ts) still sees them all.
 *
 * Only when server.ts says the request is a document (`documentRequest`): the client router's `.data` requests
 * (a hydrated page linking here) get the data whole. Without the flag, data is left as it is.
 */
export function notHandedOff<T extends object>(context: AppLoadContext, value: T): T {
  if (context.documentRequest !== true) return value;
  const plain = { ...value };
  for (const key of Object.keys(value)) Object.defineProperty(value, key, { enumerable: false });
  Object.defineProperty(value, "toJSON", { value: () => plain, enumerable: false });
  return value;
}
