/**
 * Models speak in domain errors and know nothing of HTTP; one mapping turns those errors into answers.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en as commonEn, vi as commonVi } from "~/i18n/sections/common";
import { en as citizenEn, vi as citizenVi } from "~/i18n/sections/citizen";
import { en as reviewEn, vi as reviewVi } from "~/i18n/sections/review";
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  isConflict,
  isDomainError,
  MalformedInputError,
  NotFoundError,
  RateLimitedError,
  StaleVersionError,
  StorageUnavailableError,
  TooLargeError,
  ValidationError,
  type DomainErrorCode,
} from "~/models/errors";
import { answerDomainError, domainErrorResponse, STATUS_OF } from "~/utils/domain-errors.server";

const MODELS = path.resolve("app/models");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** What ties a model file to HTTP: an import of the HTTP helpers or of Remix's server runtime, or a Response built. */
function httpCouplings(source: string): string[] {
  const found: string[] = [];
  const imports = [...source.matchAll(/(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
  for (const spec of imports) {
    if (/(^|\/)utils\/(http|thrown)\.server$/.test(spec)) found.push(`imports ${spec}`);
    if (/^@remix-run\/(node|server-runtime|express|serve|react)$/.test(spec)) found.push(`imports ${spec}`);
  }
  // Comments may name these; code may not.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  if (/\bnew\s+Response\s*\(/.test(code)) found.push("new Response(");
  if (/(?<![\w.$])json\s*\(/.test(code)) found.push("json(");
  if (/(?<![\w.$])redirect\s*\(/.test(code)) found.push("redirect(");
  if (/(?<![\w.$])httpError\s*\(/.test(code)) found.push("httpError(");
  if (/\bResponse\.json\s*\(/.test(code)) found.push("Response.json(");
  return found;
}

describe("models know nothing of HTTP", () => {
  it("the check itself sees each kind of coupling", () => {
    expect(httpCouplings(`import { httpError } from "../../utils/http.server";`)).toEqual(["imports ../../utils/http.server"]);
    expect(httpCouplings(`import { caught } from "~/utils/thrown.server";`)).toEqual(["imports ~/utils/thrown.server"]);
    expect(httpCouplings(`import { json } from "@remix-run/node";\nreturn json({});`)).toEqual(["imports @remix-run/node", "json("]);
    expect(httpCouplings(`import type { X } from "@remix-run/server-runtime";`)).toEqual(["imports @remix-run/server-runtime"]);
    expect(httpCouplings(`throw new Response("no", { status: 404 });`)).toEqual(["new Response("]);
    expect(httpCouplings(`throw redirect("/x");`)).toEqual(["redirect("]);
    expect(httpCouplings(`throw httpError(409, "stale");`)).toEqual(["httpError("]);
    expect(httpCouplings(`return Response.json({ ok: true });`)).toEqual(["Response.json("]);
    // Not couplings: reading a body, a safe-redirect helper, a comment.
    expect(httpCouplings(`const b = await res.json();\nconst to = safeRedirect(x);\n// new Response( in a comment`)).toEqual([]);
  });

  it("no file under app/models imports HTTP helpers or builds a Response", () => {
    const files = sourceFiles(MODELS);
    expect(files.length).toBeGreaterThan(20);
    const offending = files
      .map((f) => ({ file: path.relative(process.cwd(), f), found: httpCouplings(fs.readFileSync(f, "utf8")) }))
      .filter((r) => r.found.length > 0);
    expect(offending).toEqual([]);
  });

  it("nor does any module a model imports, directly or through others: none reaches the HTTP helpers or builds a Response", () => {
    const reached = importClosure(sourceFiles(MODELS));
    // The walk really follows the models into the helpers they use.
    expect(reached).toContain("app/utils/rate-limit.server.ts");
    expect(reached).toContain("app/utils/upload-limits.ts");
    // A helper may use Remix's cookie or stream utilities (the session's cookie); answering is the routes' part.
    const offending = reached
      .map((file) => ({ file, found: httpCouplings(fs.readFileSync(file, "utf8")).filter((f) => !f.startsWith("imports @remix-run/")) }))
      .filter((r) => r.found.length > 0);
    expect(offending).toEqual([]);
  });
});

/** The project's own files an import names, resolved as the compiler does ("~/" is app/; extensions optional). */
function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.resolve("app", spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every project file reachable from `roots` through imports (type-only ones too: they tie the modules just the same). */
function importClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = roots.map((r) => path.resolve(r));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    const specs = [...source.matchAll(/(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*(?:\(\s*)?["']([^"']+)["']/g)].map(
      (m) => m[1] ?? m[2],
    );
    for (const spec of specs) {
      const target = resolveImport(file, spec);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen].map((f) => path.relative(process.cwd(), f)).sort();
}

function sample(code: DomainErrorCode): DomainError {
  switch (code) {
    case "not_found":
      return new NotFoundError();
    case "forbidden":
      return new ForbiddenError("conflict_declared");
    case "conflict_stale_version":
      return new StaleVersionError({ currentStatus: "council", currentVersion: 7 });
    case "invalid_transition":
      return new InvalidTransitionError("review_closed", { currentStatus: "council" });
    case "validation":
      return ValidationError.fromFields({ code: "code_taken" });
    case "rate_limited":
      return new RateLimitedError();
    case "too_large":
      return new TooLargeError("request_too_large", { limit: 52 });
    case "malformed":
      return new MalformedInputError("not_multipart");
    case "storage_unavailable":
      return new StorageUnavailableError();
  }
}

// The answers the models' Responses gave before the errors were typed: the contract the mapping keeps.
const EXPECTED: Record<DomainErrorCode, { status: number; body: Record<string, unknown>; vi: string; en: string }> = {
  not_found: { status: 404, body: { code: "not_found" }, vi: commonVi.errors.notFound, en: commonEn.errors.notFound },
  forbidden: { status: 403, body: { code: "conflict_declared" }, vi: commonVi.errors.forbidden, en: commonEn.errors.forbidden },
  conflict_stale_version: {
    status: 409,
    body: { code: "stale", currentStatus: "council", currentVersion: 7 },
    vi: reviewVi.errors.stale,
    en: reviewEn.errors.stale,
  },
  invalid_transition: {
    status: 409,
    body: { code: "review_closed", currentStatus: "council" },
    vi: reviewVi.errors.review_closed,
    en: reviewEn.errors.review_closed,
  },
  validation: {
    status: 400,
    body: { code: "code_taken", fields: { code: "code_taken" } },
    vi: reviewVi.errors.code_taken,
    en: reviewEn.errors.code_taken,
  },
  rate_limited: { status: 429, body: { code: "rate_limited" }, vi: citizenVi.submit.rateLimited, en: citizenEn.submit.rateLimited },
  too_large: { status: 413, body: { code: "request_too_large", limit: 52 }, vi: commonVi.errors.tooLarge, en: commonEn.errors.tooLarge },
  malformed: { status: 400, body: { code: "not_multipart" }, vi: commonVi.errors.badRequest, en: commonEn.errors.badRequest },
  storage_unavailable: {
    status: 503,
    body: { code: "storage_unavailable" },
    vi: commonVi.errors.storageUnavailable,
    en: commonEn.errors.storageUnavailable,
  },
};

describe("one mapping from domain errors to HTTP", () => {
  it.each(DOMAIN_ERROR_CODES)("%s: its status, its reason and details, a message in Vietnamese and English", async (code) => {
    const err = sample(code);
    expect(err.code).toBe(code);
    expect(STATUS_OF[code]).toBe(EXPECTED[code].status);
    for (const lang of ["vi", "en"] as const) {
      const res = domainErrorResponse(err, lang);
      expect(res.status).toBe(EXPECTED[code].status);
      expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({ ...EXPECTED[code].body, message: EXPECTED[code][lang] });
    }
  });

  it("a reason the dictionaries do not name gets the status's message", async () => {
    const body = (await domainErrorResponse(new ValidationError("bad_intent"), "en").json()) as { message: string };
    expect(body.message).toBe(commonEn.errors.badRequest);
  });

  it("Retry-After when the wait is known, none otherwise", () => {
    expect(domainErrorResponse(new RateLimitedError("rate_limited", { retryAfterSeconds: 89.2 }), "vi").headers.get("Retry-After")).toBe(
      "90",
    );
    expect(domainErrorResponse(new RateLimitedError(), "vi").headers.get("Retry-After")).toBeNull();
  });

  it("anything that is not a domain error passes through untouched, for Remix to answer 500 without its details", () => {
    const crash = new Error("SQLITE_CORRUPT at /srv/data/app.sqlite");
    expect(answerDomainError(crash, new Request("http://localhost/"))).toBe(crash);
    const thrown = new Response(null, { status: 302 });
    expect(answerDomainError(thrown, new Request("http://localhost/"))).toBe(thrown);
  });

  it("a domain error of a kind the mapping does not know is a 500 that says nothing of it", async () => {
    class Unmapped extends DomainError {
      readonly code = "disk_on_fire" as unknown as DomainErrorCode;
    }
    const res = domainErrorResponse(new Unmapped("secret_reason", { path: "/srv/data" }), "en");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret_reason|srv|disk_on_fire/);
    expect(JSON.parse(text)).toEqual({ code: "error", message: commonEn.errors.server });
  });

  it("the user's language comes from the lang cookie", async () => {
    const request = new Request("http://localhost/", { headers: { Cookie: "a=1; lang=en" } });
    const res = answerDomainError(new NotFoundError(), request) as Response;
    expect(((await res.json()) as { message: string }).message).toBe(commonEn.errors.notFound);
    const vi = answerDomainError(new NotFoundError(), new Request("http://localhost/")) as Response;
    expect(((await vi.json()) as { message: string }).message).toBe(commonVi.errors.notFound);
  });

  it("is recognised across two copies of the errors module (the server's and the build's)", () => {
    const foreign = Object.assign(Object.create(Error.prototype), { code: "not_found", messageKey: "not_found", details: {} });
    expect(isDomainError(foreign)).toBe(false);
    Object.defineProperty(foreign, Symbol.for("sang-kien-cchc.domain-error"), { value: true });
    expect(isDomainError(foreign)).toBe(true);
    expect(isDomainError(new StaleVersionError())).toBe(true);
    expect(isDomainError(new Error("x"))).toBe(false);
  });

  it("a stale version and a refused move are the conflicts a form shows in place; the rest are not", () => {
    expect(isConflict(new StaleVersionError())).toBe(true);
    expect(isConflict(new InvalidTransitionError())).toBe(true);
    expect(isConflict(new ForbiddenError())).toBe(false);
    expect(isConflict(new ValidationError("required"))).toBe(false);
  });

  it("field errors keep every message per field and give the first to one-message forms", () => {
    const err = new ValidationError("present_invalid", {
      fieldErrors: { membersPresent: ["present_invalid", "present_zero"], votesFor: ["for_invalid"] },
    });
    expect(err.fieldErrors.membersPresent).toEqual(["present_invalid", "present_zero"]);
    expect(err.firstFieldErrors()).toEqual({ membersPresent: "present_invalid", votesFor: "for_invalid" });
  });
});
