/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
import "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "./db/schema";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy, set by server.ts. */
    cspNonce: string;
    /** Client address as seen by the server (honours X-Forwarded-For only behind TRUST_PROXY). */
    clientIp: string;
    db: Kysely<Database>;
    /** Set by server.ts when LOG_REQUESTS=1: the route that answered, for the request log line. */
    requestLog?: { route?: string; depth: number };
    /** Set by server.ts: true for a document, false for the client router's `.data` requests (utils/document-data.server.ts). */
    documentRequest?: boolean;
  }
}
