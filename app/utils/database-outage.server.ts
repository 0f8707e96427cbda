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
import { wrapRouteHandlers } from "./route-handlers.server";

export function databaseUnavailableResponse(): Response {
  return new Response(`${vi.errors.unavailable}\n${en.errors.unavailable}\n`, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

export function answer503WhileDatabaseIsAway(build: ServerBuild): ServerBuild {
  return wrapRouteHandlers(build, (_id, fn) => async (args) => {
    try {
      return await fn(args);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw databaseUnavailableResponse();
      throw err;
    }
  });
}
