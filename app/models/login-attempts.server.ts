/**
 * Sign-in throttling: 5 failed attempts within 15 minutes lock the account and, separately, the
 * client address. Attempts made while locked are not counted, so the lock lifts on time.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

async function lockEnd(db: Executor, column: "email" | "ip", value: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  let q = db.selectFrom("login_attempts").select(["at"]).where(column, "=", value).where("at", ">", since);
  // A successful sign-in of the account clears its earlier failures; an address is judged on failures alone.
  if (column === "email") {
    const lastOk = await db
      .selectFrom("login_attempts")
      .select((eb) => eb.fn.max("at").as("at"))
      .where("email", "=", value)
      .where("at", ">", since)
      .where("success", "=", 1)
      .executeTakeFirst();
    if (lastOk?.at) q = q.where("at", ">", String(lastOk.at));
  }
  const failures = await q.where("success", "=", 0).orderBy("at", "desc").limit(MAX_FAILURES).execute();
  if (failures.length < MAX_FAILURES) return null;
  // The lock lifts when the fifth most recent failure leaves the window.
  return new Date(failures[MAX_FAILURES - 1].at).getTime() + WINDOW_MS;
}

/** When locked, the number of whole minutes until the sign-in may be tried again; otherwise null. */
export async function lockedForMinutes(db: Executor, email: string, ip: string, now = new Date()): Promise<number | null> {
  const ends = [await lockEnd(db, "email", email, now), await lockEnd(db, "ip", ip, now)].filter((e): e is number => e !== null);
  if (!ends.length) return null;
  return Math.max(1, Math.ceil((Math.max(...ends) - now.getTime()) / 60_000));
}

export async function recordAttempt(db: Executor, email: string, ip: string, success: boolean, now = new Date()): Promise<void> {
  await db.insertInto("login_attempts").values({ email, ip, at: now.toISOString(), success: success ? 1 : 0 }).execute();
}
