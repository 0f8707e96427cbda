/**
 * Sign-in throttling. Every password check (sign-in, and the current password when changing it) first reserves
 * an attempt: one write transaction reads the recent attempts, decides, and inserts a pending row (success = 0,
 * settled_at null), so concurrent requests cannot all pass the check before any failure is written. Only then is the
 * password verified, and the row settled. A refused attempt verifies nothing and writes nothing, so a lock lifts on
 * time however often it is hit; a pending row counts as a failure until settled.
 *
 * Three limits, so that nobody can lock an account out from one address:
 * - pair: 5 failures of one account from one address within 15 minutes lock that pair until the oldest leaves
 *   the window; another address is not affected;
 * - address: 30 failures from one address within 15 minutes, whatever the accounts, lock that address
 *   (guessing one password across many accounts);
 * - account: from 20 failures of an account since its last successful sign-in (within a day), every address must
 *   wait before the next try: 1 minute after the 20th, doubling with each further failure, at most an hour.
 *   It is answered with 429 and Retry-After; nothing sleeps inside a request.
 * An administrator's way out when locked out is in the README (`npm run staff:unlock`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";

type DB = Kysely<Database>;

export const WINDOW_MS = 15 * 60 * 1000;
export const PAIR_MAX_FAILURES = 5;
export const ADDRESS_MAX_FAILURES = 30;
export const ACCOUNT_THRESHOLD = 20;
export const ACCOUNT_LOOKBACK_MS = 24 * 60 * 60 * 1000;
export const ACCOUNT_BASE_BACKOFF_MS = 60 * 1000;
export const ACCOUNT_MAX_BACKOFF_MS = 60 * 60 * 1000;

export type LoginReservation = { ok: true; id: number } | { ok: false; retryAfterSeconds: number };

const ms = (iso: string) => Date.parse(iso);

/** When `rows` (newest first) hold `max` failures inside the window, the time the oldest of those leaves it. */
function windowLockEnd(failures: { at: string }[], max: number, now: number): number | null {
  const recent = failures.filter((r) => ms(r.at) > now - WINDOW_MS);
  return recent.length >= max ? ms(recent[max - 1].at) + WINDOW_MS : null;
}

/** The account-wide back-off: null below the threshold, else when the next try is allowed. */
export function accountBackoffEnd(failuresNewestFirst: { at: string }[]): number | null {
  const n = failuresNewestFirst.length;
  if (n < ACCOUNT_THRESHOLD) return null;
  const wait = Math.min(ACCOUNT_BASE_BACKOFF_MS * 2 ** (n - ACCOUNT_THRESHOLD), ACCOUNT_MAX_BACKOFF_MS);
  return ms(failuresNewestFirst[0].at) + wait;
}

/** Either the id of a pending attempt (verify the password, then `settleLoginAttempt`) or how long to wait. */
export async function reserveLoginAttempt(db: DB, email: string, ip: string, now = new Date()): Promise<LoginReservation> {
  const t = now.getTime();
  return writeTransaction(
    db,
    async (tx) => {
      // Bounded: the limits below keep an account to a few dozen rows a day.
      const ofAccount = await tx
        .selectFrom("login_attempts")
        .select(["id", "ip", "at", "success"])
        .where("email", "=", email)
        .where("at", ">", new Date(t - ACCOUNT_LOOKBACK_MS).toISOString())
        .orderBy("id", "desc")
        .execute();
      const sinceSuccess = <R extends { success: number }>(rows: R[]) => {
        const i = rows.findIndex((r) => r.success === 1);
        return (i < 0 ? rows : rows.slice(0, i)).filter((r) => r.success === 0);
      };
      const ofAddress = await tx
        .selectFrom("login_attempts")
        .select(["at"])
        .where("ip", "=", ip)
        .where("success", "=", 0)
        .where("at", ">", new Date(t - WINDOW_MS).toISOString())
        .orderBy("at", "desc")
        .limit(ADDRESS_MAX_FAILURES)
        .execute();

      const ends = [
        windowLockEnd(sinceSuccess(ofAccount.filter((r) => r.ip === ip)), PAIR_MAX_FAILURES, t),
        windowLockEnd(ofAddress, ADDRESS_MAX_FAILURES, t),
        accountBackoffEnd(sinceSuccess(ofAccount)),
      ].filter((e): e is number => e !== null && e > t);
      if (ends.length) return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...ends) - t) / 1000)) };

      const row = await tx
        .insertInto("login_attempts")
        .values({ email, ip, at: now.toISOString(), success: 0, settled_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true as const, id: Number(row.id) };
    },
    // The address key as well: the address limit spans accounts.
    { lockKeys: [`login:${email}`, `login-ip:${ip}`] },
  );
}

export async function settleLoginAttempt(db: DB, id: number, success: boolean, now = new Date()): Promise<void> {
  await db
    .updateTable("login_attempts")
    .set({ success: success ? 1 : 0, settled_at: now.toISOString() })
    .where("id", "=", id)
    .execute();
}

/** Whole minutes for the message; the Retry-After header carries the seconds. */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/** Forgets an account's failed attempts (all addresses), which lifts its locks. Returns how many were removed. */
export async function clearFailedAttempts(db: DB, email: string): Promise<number> {
  const res = await db.deleteFrom("login_attempts").where("email", "=", email).where("success", "=", 0).executeTakeFirst();
  return Number(res.numDeletedRows);
}
