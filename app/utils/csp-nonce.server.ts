import crypto from "node:crypto";

/**
 * A fresh Content-Security-Policy nonce for every answer: 18 random bytes, base64 (24 characters, 144 bits). The bytes
 * are drawn from the system's generator 64 KB at a time and handed out once each, as Node does for
 * `crypto.randomUUID()`: one call to the generator per answer cost more than a cached page's own work
 * (docs/decisions/033-rendered-page-cache.md). 18 bytes are a whole number of base64 groups, so the pool is encoded
 * once and each nonce is a slice of that text.
 */
const NONCE_BYTES = 18;
const NONCE_CHARS = 24;
const POOL_NONCES = 3640;
let pool = "";
let at = 0;

export function cspNonce(): string {
  if (at === pool.length) {
    pool = crypto.randomBytes(NONCE_BYTES * POOL_NONCES).toString("base64");
    at = 0;
  }
  const nonce = pool.slice(at, at + NONCE_CHARS);
  at += NONCE_CHARS;
  return nonce;
}
