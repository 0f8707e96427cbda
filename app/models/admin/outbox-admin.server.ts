/**
 * The outbox as administrators see it: what is waiting, what keeps failing, what is dead and why; and the two
 * things they can do about it. "Retry now" puts a failed or dead message back in the queue at once; "resend to a
 * corrected address" copies it to a new row for the right address and marks the original `resent` (pointing at the
 * copy), so the original keeps its attempts and errors. Both are audited.
 */
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import { recipientDomain } from "../outbox/sender.server";
import { InvalidTransitionError, NotFoundError } from "../errors";
import { audit } from "../audit/audit.server";
import { recordFor } from "../../domain/vocabulary";

type DB = Kysely<Database>;
type CountQuery = SelectQueryBuilder<Database, "outbox", { n: number }>;

import { OUTBOX_STATES } from "./outbox-states";
export { OUTBOX_STATES, type OutboxState } from "./outbox-states";

const PAGE = 100;

export async function outboxOverview(db: DB, now = new Date()) {
  const at = now.toISOString();
  const base = () =>
    db
      .selectFrom("outbox as o")
      .select((eb) => [
        "o.id",
        "o.to_address",
        "o.subject",
        "o.created_at",
        "o.attempts",
        "o.next_attempt_at",
        "o.last_error",
        "o.last_error_code",
        "o.locked_until",
        eb.selectFrom("outbox as orig").select("orig.id").whereRef("orig.replaced_by", "=", "o.id").limit(1).as("copy_of"),
      ]);
  const [dead, failed, pending, counts] = await Promise.all([
    base().where("o.status", "=", "dead").orderBy("o.id", "desc").limit(PAGE).execute(),
    base().where("o.status", "=", "pending").where("o.attempts", ">", 0).orderBy("o.next_attempt_at").orderBy("o.id").limit(PAGE).execute(),
    base().where("o.status", "=", "pending").where("o.attempts", "=", 0).orderBy("o.next_attempt_at").orderBy("o.id").limit(PAGE).execute(),
    Promise.all(
      (
        [
          ["dead", (q: CountQuery) => q.where("status", "=", "dead")],
          ["failed", (q: CountQuery) => q.where("status", "=", "pending").where("attempts", ">", 0)],
          ["pending", (q: CountQuery) => q.where("status", "=", "pending").where("attempts", "=", 0)],
        ] as const
      ).map(async ([state, filter]) => {
        const r = await filter(db.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n"))).executeTakeFirstOrThrow();
        return [state, Number(r.n)] as const;
      }),
    ).then((pairs) => recordFor(OUTBOX_STATES, (state) => pairs.find(([s]) => s === state)?.[1] ?? 0)),
  ]);
  const shape = (rows: typeof dead) =>
    rows.map((r) => ({ ...r, inFlight: r.locked_until !== null && r.locked_until > at, copy_of: r.copy_of ?? null }));
  return {
    rows: { dead: shape(dead), failed: shape(failed), pending: shape(pending) },
    counts,
  };
}

async function refusal(db: DB, id: number): Promise<NotFoundError | InvalidTransitionError> {
  const row = await db.selectFrom("outbox").select(["status"]).where("id", "=", id).executeTakeFirst();
  if (!row) return new NotFoundError();
  return new InvalidTransitionError(row.status === "pending" || row.status === "dead" ? "outbox_in_flight" : "outbox_done");
}

/** Puts a failed or dead message back in the queue, due now. Its attempts so far stay counted. */
export async function retryNow(db: DB, input: { id: number; actorUserId: number; now?: Date }) {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const done = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("outbox")
      .set({ status: "pending", next_attempt_at: at, locked_until: null, lease_owner: null })
      .where("id", "=", input.id)
      .where("status", "in", ["pending", "dead"])
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .returning(["id", "attempts", "last_error_code"])
      .executeTakeFirst();
    if (!row) return false;
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "outbox.retry",
      targetType: "outbox",
      targetId: row.id,
      details: { attempts: row.attempts, last_error_code: row.last_error_code },
      now,
    });
    return true;
  });
  if (!done) throw await refusal(db, input.id);
}

/**
 * Copies a failed or dead message to a corrected address (a new row, due now) and retires the original as
 * `resent`, pointing at the copy. The address is validated by the caller.
 */
export async function resendTo(db: DB, input: { id: number; address: string; actorUserId: number; now?: Date }): Promise<number> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  // Writes only, the guarded one first: no read-then-write transaction for SQLite to refuse under load.
  const copyId = await db.transaction().execute(async (trx) => {
    const original = await trx
      .updateTable("outbox")
      .set({ status: "resent", locked_until: null, lease_owner: null })
      .where("id", "=", input.id)
      .where("status", "in", ["pending", "dead"])
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .returningAll()
      .executeTakeFirst();
    if (!original) return null;
    const copy = await trx
      .insertInto("outbox")
      .values({
        to_address: input.address,
        subject: original.subject,
        html: original.html,
        text: original.text,
        dedupe_key: null,
        created_at: at,
        status: "pending",
        next_attempt_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("outbox").set({ replaced_by: copy.id }).where("id", "=", original.id).execute();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "outbox.resend",
      targetType: "outbox",
      targetId: original.id,
      // Domains only: the rows themselves hold the addresses, for those allowed to see them.
      details: {
        copy: copy.id,
        from: recipientDomain(original.to_address),
        to: recipientDomain(input.address),
        last_error_code: original.last_error_code,
      },
      now,
    });
    return copy.id;
  });
  if (copyId === null) throw await refusal(db, input.id);
  return copyId;
}
