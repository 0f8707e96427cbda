/** Password hashing with scrypt (memory-hard, in node:crypto). Stored as `scrypt$N$r$p$salt$hash`. */
import crypto from "node:crypto";

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize("NFC"), salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * The cost new hashes take. Outside production, PASSWORD_HASH_TEST_N (a power of two, 2 to N) lowers it: the test suite
 * hashes and verifies thousands of passwords, and the memory-hard cost is what it does not test there. Each hash carries
 * its own cost, so verification needs no setting; production always hashes at N.
 */
export function passwordHashCost(env: NodeJS.ProcessEnv = process.env): number {
  if (env.NODE_ENV === "production" || !env.PASSWORD_HASH_TEST_N) return N;
  const n = Number(env.PASSWORD_HASH_TEST_N);
  return Number.isInteger(n) && n >= 2 && n <= N && (n & (n - 1)) === 0 ? n : N;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const n = passwordHashCost();
  const key = await scrypt(password, salt, n, R, P);
  return ["scrypt", n, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}
