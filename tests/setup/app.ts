/**
 * The real Remix request handler over the production build (`npm test` builds first), bound to a test database.
 * Integration tests send it real `Request`s: routing, actions, thrown Responses and rendering all run as in production.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { DB } from "../../db/client";
import type { SameOriginExports } from "../../app/utils/same-origin.server";
import { answer503WhileDatabaseIsAway } from "../../app/utils/database-outage.server";
import { answerDomainErrors } from "../../app/utils/domain-errors.server";

let buildPromise: Promise<ServerBuild> | undefined;

export function loadBuild(): Promise<ServerBuild> {
  // as server.ts hands it to the request handler
  buildPromise ??= (import(pathToFileURL(path.resolve("build/index.js")).href) as Promise<ServerBuild>).then((build) =>
    answerDomainErrors(answer503WhileDatabaseIsAway(build)),
  );
  return buildPromise;
}

export interface TestApp {
  fetch: (pathOrRequest: string | Request, init?: RequestInit & { ip?: string }) => Promise<Response>;
}

export const BASE = "http://localhost:3000";

export async function createTestApp(db: DB): Promise<TestApp> {
  // As server.ts does once it listens: the site's address is configured, never taken from a request's Host.
  process.env.PUBLIC_URL ??= BASE;
  const build = await loadBuild();
  // The cross-site check the server puts in front of Remix, taken from the same build (app/utils/same-origin.server.ts).
  const { withSameOriginCheck } = build.entry.module as unknown as SameOriginExports;
  const handler = withSameOriginCheck(createRequestHandler(build, "production"));
  return {
    async fetch(pathOrRequest, init = {}) {
      const { ip = "203.0.113.7", ...rest } = init;
      const request = typeof pathOrRequest === "string" ? new Request(new URL(pathOrRequest, BASE), rest) : pathOrRequest;
      // as server.ts marks them
      const documentRequest = !new URL(request.url).pathname.endsWith(".data");
      return handler(request, { db, cspNonce: "test-nonce", clientIp: ip, documentRequest });
    },
  };
}

/** Cookies from a response's Set-Cookie headers, as a Cookie request header value. */
export function cookiesFrom(response: Response, previous = ""): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(/;\s*/).filter(Boolean)) {
    const [k, ...v] = part.split("=");
    jar.set(k, v.join("="));
  }
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [k, ...v] = pair.split("=");
    if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header)) jar.delete(k.trim());
    else jar.set(k.trim(), v.join("="));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}
