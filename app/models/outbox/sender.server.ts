/**
 * Delivers the outbox. Safe to run in several processes and instances at once:
 *  - a row is claimed by one UPDATE that writes a fresh token (`lease_owner`) and a lease (`locked_until`), and
 *    only when no live lease is on it; every later write names the token, so a sender that lost its lease can
 *    never mark a row another sender has claimed since;
 *  - the lease outlasts the slowest send the transport's timeouts allow, and is renewed while a message is in
 *    flight (`timing.ts`);
 *  - a bounded pool sends up to `concurrency` messages at once, so one slow message does not hold the others.
 * A failure is classified: a 5xx reply to the message (unknown mailbox, refused content) is permanent and the
 * message is dead at once; anything else (4xx, network, timeouts) is retried with growing back-off and dies
 * after MAX_ATTEMPTS. Every failure is logged as one line, with the recipient's domain only.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { engineOf } from "../../../db/client";
import type { Database, OutboxMessage } from "../../../db/schema";
import { LEASE_MS, LEASE_RENEW_MS } from "../../../emails/timing";
import { fillQueuedLinks, queuedLinkCodes } from "../../utils/tokens.server";
import type { MailTransport } from "../../../emails/transport.server";
import { markObsolete, notify, stillWanted } from "../notifications/notifications.server";

/** The outbox key of an administrator's notice of a dead message. */
const DEAD_NOTICE_PREFIX = "outbox-dead:";

export const MAX_ATTEMPTS = 25;
export const DEFAULT_CONCURRENCY = 4;

/** 5 s, 10 s, 20 s … capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export interface FailureClass {
  /** the SMTP reply code ("550") when the server answered, else nodemailer's code ("ETIMEDOUT") */
  code: string;
  /** retrying cannot help: the message is dead at once */
  permanent: boolean;
}

/**
 * nodemailer's errors carry `code` (EENVELOPE, EMESSAGE, ECONNECTION, ETIMEDOUT, EAUTH, …) and, when the server
 * answered, `responseCode`. Only a refusal of this message (its envelope or its content) is permanent: a 5xx
 * to AUTH or to the greeting says our settings or the server are wrong, which a retry after a fix can cure.
 */
export function classifyFailure(err: unknown): FailureClass {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  const reply = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const kind = typeof e.code === "string" ? e.code : undefined;
  const aboutMessage = kind === "EENVELOPE" || kind === "EMESSAGE";
  // Without a reply, EENVELOPE/EMESSAGE come from nodemailer itself (no recipient, malformed address, too large).
  const permanent = aboutMessage && (reply === undefined || (reply >= 500 && reply < 600));
  return { code: reply !== undefined ? String(reply) : (kind ?? "ERROR"), permanent };
}

/** "*@example.org": enough to tell a typo'd domain or a provider's outage apart, no more. */
export function recipientDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "*" : `*@${address.slice(at + 1)}`;
}

/** Server replies quote the address: keep the domain, drop the mailbox. */
function maskAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@([\w.-]+)/g, "*@$1");
}

export interface DeliverOptions {
  /** the clock: a fixed time or a function (tests step through back-off with one) */
  now?: Date | (() => Date);
  /** messages in flight at once */
  concurrency?: number;
  /** at most this many messages per call, so a call returns even while mail keeps arriving */
  limit?: number;
  leaseMs?: number;
  renewMs?: number;
  maxAttempts?: number;
  /** where the one-line failure reports go */
  log?: (line: string) => void;
}

type DB = Kysely<Database>;

export async function deliverDue(
  db: DB,
  transport: MailTransport,
  from: string,
  nowOrOptions: Date | DeliverOptions = {},
  /** the older positional form of `limit` */
  batch?: number,
): Promise<{ sent: number; failed: number }> {
  const o: DeliverOptions = {
    ...(nowOrOptions instanceof Date ? { now: nowOrOptions } : nowOrOptions),
    ...(batch ? { limit: batch } : {}),
  };
  const fixed = o.now;
  const clock = typeof fixed === "function" ? fixed : fixed ? () => fixed : () => new Date();
  const concurrency = Math.max(1, o.concurrency ?? DEFAULT_CONCURRENCY);
  const limit = o.limit ?? 1000;
  const leaseMs = o.leaseMs ?? LEASE_MS;
  const renewMs = o.renewMs ?? (o.leaseMs ? o.leaseMs / 3 : LEASE_RENEW_MS);
  const maxAttempts = o.maxAttempts ?? MAX_ATTEMPTS;
  const log = o.log ?? ((line: string) => console.error(line));
  const postgres = engineOf(db) === "postgres";

  let taken = 0;
  let sent = 0;
  let failed = 0;

  async function claim(): Promise<{ row: OutboxMessage; token: string } | undefined> {
    const at = clock().toISOString();
    const token = crypto.randomUUID();
    let next = db
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", at)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(1);
    // PostgreSQL: concurrent senders skip each other's candidate instead of queueing on it.
    if (postgres) next = next.forUpdate().skipLocked();
    const row = await db
      .updateTable("outbox")
      .set({ lease_owner: token, locked_until: new Date(Date.parse(at) + leaseMs).toISOString() })
      // "=" and not "in": PostgreSQL then runs the sub-select once; under "in" it may run it again per row and,
      // skipping locked rows, hand back more ids than its LIMIT.
      .where("id", "=", next)
      // Checked again by the UPDATE itself: between the sub-select and the write another sender may have won.
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .returningAll()
      .executeTakeFirst();
    return row && { row, token };
  }

  async function deliver(row: OutboxMessage, token: string) {
    const renew = setInterval(() => {
      db.updateTable("outbox")
        .set({ locked_until: new Date(clock().getTime() + leaseMs).toISOString() })
        .where("id", "=", row.id)
        .where("lease_owner", "=", token)
        .execute()
        .catch((err) => log(`outbox lease renewal failed id=${row.id}: ${err instanceof Error ? err.message : String(err)}`));
    }, renewMs);
    let error: unknown;
    let ok = false;
    try {
      // A staff notice is sent only while its work still waits: the case may have moved on since it was queued.
      if (row.notification_id !== null && !(await stillWanted(db, row.notification_id))) {
        clearInterval(renew);
        await db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable("outbox")
            .set({ status: "obsolete", locked_until: null, lease_owner: null })
            .where("id", "=", row.id)
            .where("lease_owner", "=", token)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 1) await markObsolete(trx, row.notification_id!, clock());
        });
        return;
      }
      const { html, text } = await withPrivateLinks(db, row);
      await transport.send({ from, to: row.to_address, subject: row.subject, html, text });
      ok = true;
    } catch (err) {
      error = err;
    } finally {
      clearInterval(renew);
    }

    const at = clock();
    const attempt = row.attempts + 1;
    if (ok) {
      const kept = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable("outbox")
          .set({
            status: "sent",
            sent_at: at.toISOString(),
            attempts: attempt,
            locked_until: null,
            lease_owner: null,
            last_error: null,
            last_error_code: null,
          })
          .where("id", "=", row.id)
          .where("lease_owner", "=", token)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await trx.insertInto("outbox_attempts").values({ outbox_id: row.id, at: at.toISOString(), ok: 1, error: null }).execute();
        return true;
      });
      if (!kept)
        log(
          `outbox lease lost id=${row.id} to=${recipientDomain(row.to_address)} attempt=${attempt}: sent, but another sender holds the row`,
        );
      sent++;
      return;
    }

    const f = classifyFailure(error);
    const message = error instanceof Error ? error.message : String(error);
    const dead = f.permanent || attempt >= maxAttempts;
    const nextAt = new Date(at.getTime() + backoffMs(attempt)).toISOString();
    const kept = await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable("outbox")
        .set({
          attempts: attempt,
          status: dead ? "dead" : "pending",
          next_attempt_at: dead ? row.next_attempt_at : nextAt,
          locked_until: null,
          lease_owner: null,
          last_error: message.slice(0, 1000),
          last_error_code: f.code,
        })
        .where("id", "=", row.id)
        .where("lease_owner", "=", token)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto("outbox_attempts")
        .values({ outbox_id: row.id, at: at.toISOString(), ok: 0, error: `${f.code}: ${message}`.slice(0, 1000) })
        .execute();
      // The administrators hear of a message given up on; not of their own such notice, which would only loop.
      if (dead && !row.dedupe_key?.startsWith(DEAD_NOTICE_PREFIX)) {
        await notify(trx, {
          kind: "outbox_dead",
          eventKey: `${DEAD_NOTICE_PREFIX}${row.id}`,
          outboxRef: row.id,
          outboxKey: (userId) => `${DEAD_NOTICE_PREFIX}${row.id}:${userId}`,
          now: at,
        });
      }
      return true;
    });
    const kind = typeof (error as { code?: unknown })?.code === "string" ? ` (${(error as { code: string }).code})` : "";
    const outcome = !kept
      ? "lease lost"
      : dead
        ? f.permanent
          ? "dead: permanent"
          : `dead: ${maxAttempts} attempts`
        : `retry at ${nextAt}`;
    log(
      `outbox send failed id=${row.id} to=${recipientDomain(row.to_address)} code=${f.code}${kind} attempt=${attempt}/${maxAttempts} ${outcome}: ` +
        maskAddresses(message).replace(/\s+/g, " ").slice(0, 300),
    );
    failed++;
  }

  async function worker() {
    while (taken < limit) {
      taken++;
      const claimed = await claim();
      if (!claimed) {
        taken--;
        return;
      }
      await deliver(claimed.row, claimed.token);
    }
  }

  const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const broken = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (broken) throw broken.reason;
  return { sent, failed };
}

/**
 * A queued email holds its private links without their secret; they are derived here, at sending, from the
 * link's current version, so the row (sent or not) never holds a secret and a link sent again is the one mailed.
 */
async function withPrivateLinks(db: Kysely<Database>, row: { html: string; text: string }): Promise<{ html: string; text: string }> {
  const codes = queuedLinkCodes(row.html, row.text);
  if (codes.length === 0) return row;
  const rows = await db.selectFrom("initiatives").select(["code", "link_version"]).where("code", "in", codes).execute();
  const versions = new Map(rows.map((r) => [r.code, r.link_version]));
  return { html: fillQueuedLinks(row.html, versions), text: fillQueuedLinks(row.text, versions) };
}
