import crypto from "node:crypto";

/**
 * A fresh Content-Security-Policy nonce for every answer: 16 random bytes, base64. The bytes are drawn from the
 * system's generator 4 KB at a time and handed out once each, as Node does for `crypto.randomUUID()`: one call to the
 * generator per answer cost more than a cached page's own work (docs/decisions/033-rendered-page-cache.md).
 */
const POOL_BYTES = 4096;
const NONCE_BYTES = 16;
let pool = Buffer.alloc(0);
let at = 0;

export function cspNonce(): string {
  if (at + NONCE_BYTES > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES);
    at = 0;
  }
  const nonce = pool.toString("base64", at, at + NONCE_BYTES);
  at += NONCE_BYTES;
  return nonce;
}
