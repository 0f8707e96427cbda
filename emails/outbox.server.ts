/**
 * The outbox: an email is a row written in the same transaction as the change that causes it.
 * `emails/sender.server.ts` delivers the rows; nothing here talks to SMTP.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema";
import type { RenderedEmail } from "./layout";

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** what caused it; a second enqueue with the same key is ignored, so an event mails once */
  dedupeKey?: string;
  /** the staff notice it carries: the sender sends it only while the notice is still wanted */
  notificationId?: number;
}

export async function enqueueEmail(db: Executor, email: OutgoingEmail, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto("outbox")
    .values({
      to_address: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      dedupe_key: email.dedupeKey ?? null,
      ...(email.notificationId !== undefined ? { notification_id: email.notificationId } : {}),
      created_at: at,
      status: "pending",
      next_attempt_at: at,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .execute();
}
