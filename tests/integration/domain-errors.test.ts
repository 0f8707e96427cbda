/**
 * The domain-error mapping as it runs for real: the production build, wrapped as server.ts wraps it, behind
 * Remix's request handler. One extra resource route throws what a model would throw; the rest is the app.
 * (The real routes, whose models are the build's own copy of the errors module, are covered by the suites of
 * each feature: stale forms, refused moves, another reviewer's form.)
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { vi as commonVi } from "~/i18n/sections/common";
import { en as reviewEn } from "~/i18n/sections/review";
import { NotFoundError, RateLimitedError, StaleVersionError } from "~/models/errors";
import { answerDomainErrors } from "~/utils/domain-errors.server";
import { loadBuild } from "../setup/app";

let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const build = await loadBuild();
  const routeId = "routes/test-domain-error";
  const probe = {
    id: routeId,
    parentId: "root",
    path: "test-domain-error",
    index: undefined,
    caseSensitive: undefined,
    module: {
      loader: ({ request }: { request: Request }) => {
        const kind = new URL(request.url).searchParams.get("kind");
        if (kind === "stale") throw new StaleVersionError({ currentStatus: "council", currentVersion: 4 });
        if (kind === "missing") throw new NotFoundError();
        if (kind === "limited") throw new RateLimitedError("rate_limited", { retryAfterSeconds: 120 });
        throw new Error("SQLITE_CORRUPT: database disk image is malformed at /srv/secret/app.sqlite");
      },
    },
  };
  // The probe gets the same wrapper as every real route (which loadBuild has wrapped already; twice does no harm).
  const withProbe = answerDomainErrors({ ...build, routes: { ...build.routes, [routeId]: probe } } as unknown as ServerBuild);
  const remix = createRequestHandler(withProbe, "production");
  handler = (request) => remix(request, { db: null as never, cspNonce: "n", clientIp: "203.0.113.7" });
});

describe("domain errors through the request handler", () => {
  it("a stale version is a 409 with the current state and a message in the person's language", async () => {
    const res = await handler(new Request("http://localhost:3000/test-domain-error?kind=stale", { headers: { Cookie: "lang=en" } }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ code: "stale", currentStatus: "council", currentVersion: 4, message: reviewEn.errors.stale });
  });

  it("not found is a 404, in Vietnamese by default", async () => {
    const res = await handler(new Request("http://localhost:3000/test-domain-error?kind=missing"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: "not_found", message: commonVi.errors.notFound });
  });

  it("a rate limit carries Retry-After", async () => {
    const res = await handler(new Request("http://localhost:3000/test-domain-error?kind=limited"));
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("120");
  });

  it("any other error is still a 500 that tells nothing about it", async () => {
    const res = await handler(new Request("http://localhost:3000/test-domain-error?kind=crash"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/SQLITE_CORRUPT|secret|malformed/);
  });
});
