/**
 * Delivers the outbox. Safe to run in several processes at once: a row is claimed with a lease
 * (`locked_until`) before it is sent. A failure is recorded and retried with growing back-off.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { fillQueuedLinks, queuedLinkCodes } from "../app/utils/tokens.server";
import type { MailTransport } from "./transport.server";

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 25;

/** 5 s, 10 s, 20 s … capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export async function deliverDue(
  db: Kysely<Database>,
  transport: MailTransport,
  from: string,
  now = new Date(),
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  const at = now.toISOString();
  const due = await db
    .selectFrom("outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", at)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
    .orderBy("id")
    .limit(batch)
    .execute();

  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = await db
      .updateTable("outbox")
      .set({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where("id", "=", row.id)
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;

    try {
      const { html, text } = await withPrivateLinks(db, row);
      await transport.send({ from, to: row.to_address, subject: row.subject, html, text });
      const done = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("outbox")
          .set({ status: "sent", sent_at: done, attempts: row.attempts + 1, locked_until: null, last_error: null })
          .where("id", "=", row.id)
          .execute();
        await trx.insertInto("outbox_attempts").values({ outbox_id: row.id, at: done, ok: 1, error: null }).execute();
      });
      sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      const failedAt = new Date();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("outbox")
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? "dead" : "pending",
            next_attempt_at: new Date(failedAt.getTime() + backoffMs(attempts)).toISOString(),
            locked_until: null,
            last_error: message.slice(0, 1000),
          })
          .where("id", "=", row.id)
          .execute();
        await trx
          .insertInto("outbox_attempts")
          .values({ outbox_id: row.id, at: failedAt.toISOString(), ok: 0, error: message.slice(0, 1000) })
          .execute();
      });
      failed++;
    }
  }
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
