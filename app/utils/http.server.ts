/**
 * Errors as Responses with real status codes. Routes throw them (models throw DomainErrors instead, answered
 * the same way by app/utils/domain-errors.server.ts); the shared error boundary renders them in the user's
 * language from the status and `code` (see app/components/error-boundary.tsx).
 */
export interface HttpErrorBody {
  code: string;
  [key: string]: unknown;
}

export function httpError(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ code, ...extra } satisfies HttpErrorBody), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

/**
 * Only same-site relative paths: "/staff?x=1" yes, "//evil.example" and "https://…" no. Browsers drop
 * tabs and line breaks from a URL and read a backslash as "/", so "/\t/evil.example" would become
 * "//evil.example": a target with any control character or backslash is refused.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  // eslint-disable-next-line no-control-regex -- a control character in a redirect target is refused
  if (!to.startsWith("/") || to.startsWith("//") || /[\x00-\x1f\x7f\\]/.test(to)) return fallback;
  return to;
}

/** A route's numeric id parameter (a row id); anything else is a page that does not exist. */
export function numericIdParam(param: string | undefined): number {
  if (!param || !/^\d{1,12}$/.test(param)) throw httpError(404, "not_found");
  return Number(param);
}
