/**
 * Work the server does on its own: delivering the outbox and the periodic jobs (reminders).
 * Every job is safe to run twice and in several processes; on PostgreSQL a round also runs on one instance at a time.
 */
import { sql, type Kysely } from "kysely";
import { engineOf } from "../db/client";
import type { Database } from "../db/schema";
import { deliverDue } from "./models/outbox/sender.server";
import { fileTransport, mailDir, smtpTransport, type MailTransport } from "../emails/transport.server";
import type { Env } from "./utils/env.server";
import { sendReviewReminders } from "./models/review/reminders.server";
import { dailyRetention } from "./models/privacy/retention.server";
import { sendDeadlineNotices } from "./models/notifications/deadlines.server";
import { sendPendingNotices } from "./models/notifications/notifications.server";

export function transportFor(env: Env): MailTransport {
  if (env.SMTP_URL) return smtpTransport(env.SMTP_URL);
  if (env.NODE_ENV === "production") throw new Error("SMTP_URL is required in production");
  return fileTransport(mailDir(env.DATA_DIR));
}

/** Sign-in attempts and rate-limit hits only matter within their windows (15 minutes, an hour): keep a day. */
export async function pruneOldCounters(db: Kysely<Database>, now: Date) {
  const before = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  await db.deleteFrom("login_attempts").where("at", "<", before).execute();
  await db.deleteFrom("rate_hits").where("at", "<", before).execute();
}

/** Periodic jobs; each must be idempotent. */
export const periodicJobs: { name: string; run: (db: Kysely<Database>, now: Date) => Promise<unknown> }[] = [
  // Review reminders: 2 days before an assignment's due date and once overdue (reminders.server.ts).
  { name: "review-reminders", run: sendReviewReminders },
  { name: "prune-old-counters", run: pruneOldCounters },
  // Personal data past its retention period (privacy/retention.server.ts): once a Hà Nội day.
  { name: "privacy-retention", run: dailyRetention },
  // Staff deadline notices (statutory date in 10 days or past, reviews past due), then the pending notices:
  // those of people who now want them at once, and the 08:00 digest (notifications.server.ts).
  { name: "deadline-notices", run: sendDeadlineNotices },
  { name: "pending-notices", run: sendPendingNotices },
];

/** The advisory lock key of a round of periodic jobs ("skjb" in ASCII): a constant that no other lock uses (writeTransaction hashes text keys into 32 bits, of either sign). */
export const JOBS_LOCK_KEY = 0x1_736b6a62;

/**
 * One round of the periodic jobs. On PostgreSQL several instances share the database: a round takes a
 * transaction-scoped advisory lock first, and an instance that finds another's round under way skips its own
 * (the jobs are idempotent, so this saves work and mail-server trips rather than guarding correctness). The lock
 * dies with its transaction, so a crashed instance never leaves it held. SQLite has one machine: nothing to take.
 */
export async function runPeriodicJobs(db: Kysely<Database>, now = new Date()): Promise<{ ran: boolean }> {
  if (engineOf(db) === "postgres") {
    return db.transaction().execute(async (trx) => {
      const got = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${JOBS_LOCK_KEY}::bigint) as locked`.execute(trx);
      if (!got.rows[0]?.locked) return { ran: false };
      // The jobs run on the pool, each in its own short transactions; this one only holds the lock.
      await runJobs(db, now);
      return { ran: true };
    });
  }
  await runJobs(db, now);
  return { ran: true };
}

async function runJobs(db: Kysely<Database>, now: Date) {
  for (const job of periodicJobs) {
    try {
      await job.run(db, now);
    } catch (err) {
      console.error(`job ${job.name} failed`, err);
    }
  }
}

/** Starts the loops; the function it returns stops them and resolves once the run under way has finished. */
export function startBackgroundWork(db: Kysely<Database>, env: Env): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const underWay = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    underWay.add(p);
    void p.finally(() => underWay.delete(p));
  };
  if (env.OUTBOX_INTERVAL_MS > 0) {
    const transport = transportFor(env);
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        track(
          deliverDue(db, transport, env.MAIL_FROM, { concurrency: env.OUTBOX_CONCURRENCY })
            .catch((err) => console.error("outbox delivery failed", err))
            .finally(() => (running = false)),
        );
      }, env.OUTBOX_INTERVAL_MS),
    );
  }
  if (env.JOBS_INTERVAL_MS > 0) {
    // A failed round is logged and the next one tries again; it must never reject unobserved.
    const round = () => track(runPeriodicJobs(db).catch((err) => console.error("periodic jobs failed", err)));
    round();
    timers.push(setInterval(round, env.JOBS_INTERVAL_MS));
  }
  return async () => {
    timers.forEach(clearInterval);
    // A message being sent or a job running finishes, so the database is not closed under it.
    await Promise.allSettled([...underWay]);
  };
}
