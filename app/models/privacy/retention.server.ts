/**
 * Retention: personal data is kept no longer than its purpose needs (Law 91/2025/QH15). Per status, after a
 * configured number of months in it (RETENTION_* in the environment, defaults of 24 months):
 * - rejected and withdrawn submissions: their people are anonymised (the same function as a granted erasure);
 * - not recognised: the files the submitter sent are deleted (the decision and the content stay).
 * Idempotent: what was done is not found again, so the daily job and the command may run any number of times; one
 * audit row per initiative and action. docs/decisions/027-submitter-rights-and-retention.md
 */
import type { DB } from "../../../db/client";
import { writeTransaction } from "../../../db/transaction";
import type { Status } from "../../domain/vocabulary";
import { addMonths, hanoiDate, startOfHanoiDay } from "../../utils/clock";
import { getEnv, type Env } from "../../utils/env.server";
import { audit } from "../audit/audit.server";
import { anonymiseInitiative, deleteAttachmentRows, removeContents, SUBMITTER_SENT_FILES } from "./anonymise.server";

export interface RetentionPolicy {
  /** months in the status before the people are anonymised; 0 never */
  anonymiseAfter: Partial<Record<Status, number>>;
  /** months in the status before the submitter's files are deleted; 0 never */
  deleteFilesAfter: Partial<Record<Status, number>>;
}

export function retentionPolicy(env: Env = getEnv()): RetentionPolicy {
  return {
    anonymiseAfter: { rejected: env.RETENTION_REJECTED_MONTHS, withdrawn: env.RETENTION_WITHDRAWN_MONTHS },
    deleteFilesAfter: { not_recognised: env.RETENTION_NOT_RECOGNISED_FILES_MONTHS },
  };
}

export interface RetentionItem {
  id: number;
  code: string;
  status: Status;
  /** when it entered the status */
  since: string;
  action: "anonymise" | "delete_files";
  files: number;
}

/** The instant before which an initiative must have entered its status to be due. */
function cutoff(now: Date, months: number): string {
  return startOfHanoiDay(addMonths(hanoiDate(now), -months)).toISOString();
}

/** What a run would do now. */
export async function retentionPlan(db: DB, now = new Date(), policy = retentionPolicy()): Promise<RetentionItem[]> {
  const items: RetentionItem[] = [];
  const due = async (statuses: [Status, number][]) => {
    const active = statuses.filter(([, months]) => months > 0);
    if (active.length === 0) return [];
    const rows = await db
      .selectFrom("initiatives")
      .select((eb) => [
        "initiatives.id",
        "initiatives.code",
        "initiatives.status",
        "initiatives.updated_at",
        "initiatives.anonymised_at",
        eb
          .selectFrom("events")
          .select((e) => e.fn.max("events.at").as("at"))
          .whereRef("events.initiative_id", "=", "initiatives.id")
          .whereRef("events.to_status", "=", "initiatives.status")
          .as("since"),
        eb
          .selectFrom("attachments")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("attachments.initiative_id", "=", "initiatives.id")
          .where("attachments.purpose", "in", SUBMITTER_SENT_FILES)
          .as("files"),
      ])
      .where(
        "initiatives.status",
        "in",
        active.map(([s]) => s),
      )
      .orderBy("initiatives.id")
      .execute();
    const months = new Map(active);
    return rows
      .map((r) => ({ ...r, since: r.since ?? r.updated_at, files: Number(r.files ?? 0) }))
      .filter((r) => r.since < cutoff(now, months.get(r.status)!));
  };
  for (const r of await due(Object.entries(policy.anonymiseAfter) as [Status, number][])) {
    if (r.anonymised_at === null)
      items.push({ id: r.id, code: r.code, status: r.status, since: r.since, action: "anonymise", files: r.files });
  }
  for (const r of await due(Object.entries(policy.deleteFilesAfter) as [Status, number][])) {
    if (r.files > 0) items.push({ id: r.id, code: r.code, status: r.status, since: r.since, action: "delete_files", files: r.files });
  }
  return items;
}

/** Carries the plan out, each initiative in its own transaction; with `dryRun` only reports it. */
export async function runRetention(
  db: DB,
  opts: { now?: Date; dryRun?: boolean; policy?: RetentionPolicy } = {},
): Promise<{ planned: RetentionItem[]; done: RetentionItem[] }> {
  const now = opts.now ?? new Date();
  const planned = await retentionPlan(db, now, opts.policy ?? retentionPolicy());
  if (opts.dryRun) return { planned, done: [] };
  const done: RetentionItem[] = [];
  for (const item of planned) {
    const { orphaned, did } = await writeTransaction(
      db,
      async (trx) => {
        if (item.action === "anonymise") {
          const r = await anonymiseInitiative(trx, { initiativeId: item.id, reason: "retention", actorUserId: null, now });
          return { orphaned: r.orphanedContents, did: r.changed ? item : null };
        }
        const files = await trx
          .selectFrom("attachments")
          .select(["id", "sha256"])
          .where("initiative_id", "=", item.id)
          .where("purpose", "in", SUBMITTER_SENT_FILES)
          .execute();
        if (files.length === 0) return { orphaned: [], did: null };
        const orphans = await deleteAttachmentRows(trx, files);
        await audit(trx, {
          actorUserId: null,
          action: "privacy.retention.files",
          targetType: "initiative",
          targetId: item.id,
          details: { status: item.status, filesDeleted: files.length },
          now,
        });
        return { orphaned: orphans, did: { ...item, files: files.length } };
      },
      { lockKeys: [`initiative:${item.id}`] },
    );
    if (did) done.push(did);
    await removeContents(db, orphaned);
  }
  return { planned, done };
}

/** The counter that remembers the last Hà Nội day the job ran (yyyymmdd), so the hourly round runs it once a day. */
const LAST_RUN = "privacy-retention:last-day";

/** The periodic job: once per Hà Nội day, whichever process gets to claim the day. */
export async function dailyRetention(db: DB, now = new Date()): Promise<{ ran: boolean; done: number }> {
  const today = Number(hanoiDate(now).replaceAll("-", ""));
  const claimed = await writeTransaction(
    db,
    async (trx) => {
      const row = await trx.selectFrom("counters").select("value").where("name", "=", LAST_RUN).executeTakeFirst();
      if (row && Number(row.value) >= today) return false;
      if (row) await trx.updateTable("counters").set({ value: today }).where("name", "=", LAST_RUN).execute();
      else await trx.insertInto("counters").values({ name: LAST_RUN, value: today }).execute();
      return true;
    },
    { lockKeys: [LAST_RUN] },
  );
  if (!claimed) return { ran: false, done: 0 };
  const { done } = await runRetention(db, { now });
  return { ran: true, done: done.length };
}
