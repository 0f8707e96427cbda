/**
 * Sliding-window rate limits kept in the database (`rate_hits`), so several app instances share them
 * and a restart forgets nothing. A bucket names what is limited and for whom, e.g. "submit:203.0.113.7".
 *
 * A request takes its slot first, before reading its body: one write transaction counts the bucket's hits in the
 * window and inserts one, so concurrent requests cannot all pass a check made before any of them was counted.
 * A request that turns out not to count (an invalid form) gives its slot back.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { writeTransaction } from "../../db/transaction";

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

/** A taken slot: its row, for giving it back. */
export interface RateSlot {
  id: number;
}

/** Counts one hit if the bucket is under its limit (and forgets its hits that have left the window); else null. */
export async function takeRateSlot(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  windowMs = HOUR_MS,
  now = new Date(),
): Promise<RateSlot | null> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  return writeTransaction(
    db,
    async (tx) => {
      if ((await hitsInWindow(tx, bucket, windowMs, now)) >= limit) return null;
      await tx.deleteFrom("rate_hits").where("bucket", "=", bucket).where("at", "<=", since).execute();
      const row = await tx.insertInto("rate_hits").values({ bucket, at: now.toISOString() }).returning("id").executeTakeFirstOrThrow();
      return { id: Number(row.id) };
    },
    { lockKeys: [`rate:${bucket}`] },
  );
}

/** Undoes `takeRateSlot` for a request that, in the end, does not count. */
export async function releaseRateSlot(db: Kysely<Database>, slot: RateSlot): Promise<void> {
  await db.deleteFrom("rate_hits").where("id", "=", slot.id).execute();
}
