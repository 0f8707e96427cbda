/**
 * While the database cannot be reached (PostgreSQL restarting, failing over, refusing connections) a request
 * is answered 503 with a message, not 500: the outage is not the request's fault and passes by itself, and a
 * load balancer or browser may retry. The one place for it: every route's loader and action, wrapped once
 * where the build is handed to the request handler (server.ts, and the tests' handler). A thrown Response is
 * what Remix renders through the shared error boundary for pages, sends as is for resource routes (CSV, feed)
 * and encodes for client navigations, so all three get the same status.
 */
import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "../../db/client";
import { en, vi } from "../i18n/sections/common";
import { langFromRequest } from "../i18n/index";
import { wrapRouteHandlers } from "./route-handlers.server";

export function databaseUnavailableResponse(): Response {
  return new Response(`${vi.errors.unavailable}\n${en.errors.unavailable}\n`, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

/**
 * A database that cannot grow (SQLITE_FULL: the disk or max_page_count; PostgreSQL 53100 disk_full) rolled the
 * write back: the operator must act, the person may retry later. The real error goes to the log.
 */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_FULL" || code === "53100" || code === "ENOSPC" || code === "EDQUOT";
}

export function storageFullResponse(request?: Request): Response {
  const [first, second] = request && langFromRequest(request) === "en" ? [en, vi] : [vi, en];
  return new Response(`${first.errors.storageFull}\n${second.errors.storageFull}\n`, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60", "Cache-Control": "no-store" },
  });
}

export function answer503WhileDatabaseIsAway(build: ServerBuild): ServerBuild {
  return wrapRouteHandlers(build, (_id, fn) => async (args) => {
    try {
      return await fn(args);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw databaseUnavailableResponse();
      if (isStorageFull(err)) {
        const e = err as { code?: unknown; message?: unknown };
        console.error(`storage failed: the database is full: ${String(e.code)} ${String(e.message)}`);
        throw storageFullResponse((args as { request?: Request }).request);
      }
      throw err;
    }
  });
}
