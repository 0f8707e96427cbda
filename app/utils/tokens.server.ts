import crypto from "node:crypto";
import { trackingSecrets } from "./env.server";

/** A URL-safe random secret (session ids, idempotency keys). */
export function randomToken(bytes = 24): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Compares two secrets in constant time whatever their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * The secret of a private tracking link, derived rather than stored (docs/decisions/012-tracking-links.md):
 * a copy of the database opens no private page, and bumping `link_version` retires every link sent before.
 */
export function trackingToken(code: string, linkVersion: number, secret: string = trackingSecrets()[0]): string {
  return crypto.createHmac("sha256", secret).update(`${code}:${linkVersion}`).digest("base64url");
}

/** How a link issued before derived secrets is kept: its SHA-256 (the migration computes the same). */
export function legacyTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether `given` opens the link of `code`: the token of the current link version under any configured
 * secret, or the legacy token whose hash the row still holds. Every comparison runs, so the time taken
 * does not tell which one failed.
 */
export function matchesTrackingToken(
  given: string,
  row: { code: string; link_version: number; legacy_token_hash: string | null },
  secrets: string[] = trackingSecrets(),
): boolean {
  let ok = false;
  for (const secret of secrets) ok = safeEqual(given, trackingToken(row.code, row.link_version, secret)) || ok;
  const legacy = safeEqual(legacyTokenHash(given), row.legacy_token_hash ?? "-");
  return given !== "" && (ok || (row.legacy_token_hash !== null && legacy));
}

/**
 * Stands for the secret in a queued email's links (`/track/SK-…?t={tracking-token}`); the sender puts in the
 * token of the link's version when it sends. Migration 0008 writes the same text into emails queued before.
 */
export const TRACKING_TOKEN_PLACEHOLDER = "{tracking-token}";
const QUEUED_LINK = /\/track\/(SK-\d{4}-\d{6})\?t=\{tracking-token\}/g;

/** The codes whose private links a queued email holds. */
export function queuedLinkCodes(...texts: string[]): string[] {
  const codes = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(QUEUED_LINK)) codes.add(m[1]);
  return [...codes];
}

/** The email's text with each queued link's secret filled in; a code with no version left is left as is. */
export function fillQueuedLinks(text: string, versions: Map<string, number>): string {
  return text.replace(QUEUED_LINK, (whole, code: string) => {
    const version = versions.get(code);
    return version === undefined ? whole : `/track/${code}?t=${trackingToken(code, version)}`;
  });
}
