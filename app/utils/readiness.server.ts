/**
 * What /readyz reports: whether the database answers, and the outbox's backlog. Mail that waits long or died is
 * invisible to the person who submitted (the submission itself succeeded), so the operator needs the numbers.
 * Both queries use the outbox's (status, …) indexes and stay cheap however large the table grows.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface Readiness {
  database: "ok" | "unavailable";
  outbox?: { pending: number; oldestPendingSeconds: number | null; dead: number };
}

export async function readiness(db: Kysely<Database>, now = new Date()): Promise<Readiness> {
  try {
    const pending = await db
      .selectFrom("outbox")
      .select((eb) => [eb.fn.min("created_at").as("oldest"), eb.fn.countAll<number>().as("n")])
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    const dead = await db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "dead")
      .executeTakeFirstOrThrow();
    const oldest = pending.oldest ? Date.parse(String(pending.oldest)) : NaN;
    return {
      database: "ok",
      outbox: {
        pending: Number(pending.n),
        oldestPendingSeconds: Number.isNaN(oldest) ? null : Math.max(0, Math.floor((now.getTime() - oldest) / 1000)),
        dead: Number(dead.n),
      },
    };
  } catch (err) {
    console.error(`readiness: database check failed: ${(err as Error)?.message ?? err}`);
    return { database: "unavailable" };
  }
}
