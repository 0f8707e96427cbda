/**
 * The one place where a model's DomainError becomes an HTTP answer: its status, a JSON body with the reason
 * (`code`, what forms and the error boundary read), its details and a message in the user's language, and
 * Retry-After when the wait is known. Applied to every route's loader and action where the build is handed to
 * the request handler (server.ts, and the tests' handler), so a model never builds a Response and a route
 * only catches what it shows on its own form.
 */
import type { ServerBuild } from "@remix-run/node";
import { dictionaryFor, labelOf, langFromCookieHeader, type Lang } from "../i18n/index";
import "../i18n/sections/citizen";
import "../i18n/sections/review";
import { isDomainError, type DomainError, type DomainErrorCode } from "../models/errors";
import { wrapRouteHandlers } from "./route-handlers.server";

export const STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  not_found: 404,
  forbidden: 403,
  conflict_stale_version: 409,
  invalid_transition: 409,
  validation: 400,
  rate_limited: 429,
  too_large: 413,
  malformed: 400,
  storage_unavailable: 503,
};

/** The person's message for a refusal: the reason's own text where the dictionaries have one, else the status's. */
export function domainErrorMessage(err: DomainError, lang: Lang): string {
  const d = dictionaryFor(lang);
  // The one rate limit a model enforces is the submissions per address.
  if (err.code === "rate_limited") return d.citizen.submit.rateLimited;
  const own = labelOf(d.review.errors, err.messageKey);
  if (own) return own;
  const e = d.common.errors;
  switch (err.code) {
    case "not_found":
      return e.notFound;
    case "forbidden":
      return e.forbidden;
    case "conflict_stale_version":
    case "invalid_transition":
      return e.conflict;
    case "validation":
    case "malformed":
      return e.badRequest;
    case "too_large":
      return e.tooLarge;
    case "storage_unavailable":
      return e.storageUnavailable;
    default:
      return e.server;
  }
}

export function domainErrorResponse(err: DomainError, lang: Lang): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
  const status = STATUS_OF[err.code];
  // A kind this mapping does not know yet is a fault of ours: a 500 that tells nothing about it.
  if (status === undefined) {
    return new Response(JSON.stringify({ code: "error", message: dictionaryFor(lang).common.errors.server }), { status: 500, headers });
  }
  const body: Record<string, unknown> = { code: err.messageKey, ...err.details };
  // One key per field on the wire, as the forms have always read it.
  const fieldErrors = (err as { fieldErrors?: Record<string, string[]> }).fieldErrors;
  if (fieldErrors && Object.keys(fieldErrors).length > 0) {
    body.fields = Object.fromEntries(Object.entries(fieldErrors).map(([f, keys]) => [f, keys[0]]));
  }
  body.message = domainErrorMessage(err, lang);
  const retry = (err as { retryAfterSeconds?: number | null }).retryAfterSeconds;
  if (typeof retry === "number" && retry > 0) headers["Retry-After"] = String(Math.ceil(retry));
  return new Response(JSON.stringify(body), { status, headers });
}

/** A thrown DomainError as its Response; anything else passes unchanged (Remix answers it 500, without details). */
export function answerDomainError(err: unknown, request: Request | undefined): unknown {
  if (!isDomainError(err)) return err;
  return domainErrorResponse(err, langFromCookieHeader(request?.headers.get("Cookie") ?? null));
}

export function answerDomainErrors(build: ServerBuild): ServerBuild {
  return wrapRouteHandlers(build, (_id, fn) => async (args) => {
    try {
      return await fn(args);
    } catch (err) {
      throw answerDomainError(err, (args as { request?: Request }).request);
    }
  });
}
