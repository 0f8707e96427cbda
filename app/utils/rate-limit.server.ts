/**
 * Sliding-window rate limits kept in the database (`rate_hits`), so several app instances share them
 * and a restart forgets nothing. A bucket names what is limited and for whom, e.g. "submit:203.0.113.7".
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export const HOUR_MS = 60 * 60 * 1000;

export async function hitsInWindow(db: Kysely<Database>, bucket: string, windowMs: number, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const row = await db
    .selectFrom("rate_hits")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("bucket", "=", bucket)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function isRateLimited(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  windowMs = HOUR_MS,
  now = new Date(),
): Promise<boolean> {
  return (await hitsInWindow(db, bucket, windowMs, now)) >= limit;
}

/** Counts one hit and forgets this bucket's hits that have left the window. */
export async function recordHit(db: Kysely<Database>, bucket: string, windowMs = HOUR_MS, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  await db.deleteFrom("rate_hits").where("bucket", "=", bucket).where("at", "<=", since).execute();
  await db.insertInto("rate_hits").values({ bucket, at: now.toISOString() }).execute();
}

/** Checks and counts in one go: false when the limit is reached (the hit is then not counted). */
export async function takeRateLimit(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  windowMs = HOUR_MS,
  now = new Date(),
): Promise<boolean> {
  if (await isRateLimited(db, bucket, limit, windowMs, now)) return false;
  await recordHit(db, bucket, windowMs, now);
  return true;
}
