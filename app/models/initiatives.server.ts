/**
 * Creating an initiative and reading it back. A submission is written in one transaction:
 * the initiative, its authors, its files' records, the first history event and the receipt in the outbox.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { receiptEmail } from "../../emails/messages";
import type { Lang } from "../i18n/index";
import { statutoryDueOn } from "../utils/dates";
import { fold } from "../utils/text";
import { randomToken } from "../utils/tokens.server";
import { trackUrl } from "./lifecycle.server";
import { countSubmission } from "./statistics.server";
import { peekNumber, takeNumber } from "./numbering.server";
import type { AuthorType, ProcedureDomain, ReformArea, ScopeType } from "./taxonomy";

type Executor = Kysely<Database> | Transaction<Database>;

export interface SubmissionData {
  title: string;
  reformArea: ReformArea;
  procedureDomain: ProcedureDomain | null;
  scopeType: ScopeType;
  agencyId: number | null;
  unitId: number | null;
  problem: string;
  solution: string;
  benefit: string;
  appliedBefore: boolean;
  appliedAt: string | null;
  confidential: string;
  authorType: AuthorType;
  author: { fullName: string; email: string; phone: string | null; organisation: string | null; share: number };
  coAuthors: { fullName: string; share: number }[];
  consentData: true;
  consentPublishName: boolean;
  lang: Lang;
}

/** A file already written to storage (by its SHA-256) before the transaction. */
export interface StoredFile {
  sha256: string;
  filename: string;
  mime: string;
  size: number;
}

export interface CreatedInitiative {
  id: number;
  code: string;
  accessToken: string;
  dueOn: string;
  /** false when the same form had already been submitted: the earlier initiative is returned */
  created: boolean;
}

export const TRACKING_CODE = /^SK-(\d{4})-(\d{6})$/;

export function formatTrackingCode(year: number, n: number): string {
  return `SK-${year}-${String(n).padStart(6, "0")}`;
}

/** The code the next submission of the year will get (codes are never reused); it is not reserved. */
export async function nextTrackingCode(db: Executor, year: number): Promise<string> {
  return formatTrackingCode(year, await peekNumber(db, "tracking", year));
}

/** Takes the year's next code inside the submission's transaction: unique under concurrency, no gaps (numbering.server.ts). */
export async function takeTrackingCode(trx: Transaction<Database>, year: number): Promise<string> {
  return formatTrackingCode(year, await takeNumber(trx, "tracking", year));
}

export function searchTextOf(parts: (string | null | undefined)[]): string {
  return fold(parts.filter(Boolean).join(" \n "));
}

export async function findBySubmitKey(db: Executor, submitKey: string) {
  return db
    .selectFrom("initiatives")
    .select(["id", "code", "access_token", "due_on"])
    .where("submit_key", "=", submitKey)
    .executeTakeFirst();
}

export async function createInitiative(
  db: Kysely<Database>,
  data: SubmissionData,
  files: StoredFile[],
  opts: { submitKey: string; now?: Date },
): Promise<CreatedInitiative> {
  const existing = await findBySubmitKey(db, opts.submitKey);
  if (existing) {
    return { id: existing.id, code: existing.code, accessToken: existing.access_token, dueOn: existing.due_on, created: false };
  }
  // Two requests with the same form can both pass the check above (a double click on a slow line):
  // the unique submit_key lets only one commit, and the other returns the row that did. Two different
  // forms can race for the same tracking code on PostgreSQL; the unique code makes the loser retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertInitiative(db, data, files, opts);
    } catch (err) {
      const winner = await findBySubmitKey(db, opts.submitKey);
      if (winner) {
        return { id: winner.id, code: winner.code, accessToken: winner.access_token, dueOn: winner.due_on, created: false };
      }
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/i.test(e?.message ?? "");
}

async function insertInitiative(
  db: Kysely<Database>,
  data: SubmissionData,
  files: StoredFile[],
  opts: { submitKey: string; now?: Date },
): Promise<CreatedInitiative> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const dueOn = statutoryDueOn(now);
  const accessToken = randomToken();

  return db.transaction().execute(async (trx) => {
    const code = await takeTrackingCode(trx, now.getUTCFullYear());
    const initiative = await trx
      .insertInto("initiatives")
      .values({
        code,
        access_token: accessToken,
        submit_key: opts.submitKey,
        status: "submitted",
        title: data.title,
        reform_area: data.reformArea,
        procedure_domain: data.procedureDomain,
        scope_type: data.scopeType,
        agency_id: data.scopeType === "agency" ? data.agencyId : null,
        unit_id: data.scopeType === "unit" ? data.unitId : null,
        problem: data.problem,
        solution: data.solution,
        benefit: data.benefit,
        applied_before: data.appliedBefore ? 1 : 0,
        applied_at: data.appliedBefore ? data.appliedAt : null,
        confidential: data.confidential,
        author_type: data.authorType,
        consent_data: 1,
        consent_publish_name: data.consentPublishName ? 1 : 0,
        lang: data.lang,
        submitted_at: at,
        due_on: dueOn,
        updated_at: at,
        search_text: searchTextOf([code, data.title, data.problem, data.solution, data.benefit]),
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    // Public statistics are maintained counters (issue 4): counted in the same transaction.
    await countSubmission(trx, {
      submittedAt: at,
      reformArea: data.reformArea,
      scopeType: data.scopeType,
      agencyId: data.scopeType === "agency" ? data.agencyId : null,
      unitId: data.scopeType === "unit" ? data.unitId : null,
    });

    await trx
      .insertInto("authors")
      .values([
        {
          initiative_id: initiative.id,
          position: 0,
          full_name: data.author.fullName,
          email: data.author.email,
          phone: data.author.phone,
          organisation: data.author.organisation,
          share: data.author.share,
        },
        ...data.coAuthors.map((c, i) => ({
          initiative_id: initiative.id,
          position: i + 1,
          full_name: c.fullName,
          email: null,
          phone: null,
          organisation: null,
          share: c.share,
        })),
      ])
      .execute();

    const event = await trx
      .insertInto("events")
      .values({
        initiative_id: initiative.id,
        at,
        actor_type: "submitter",
        actor_user_id: null,
        from_status: null,
        to_status: "submitted",
        kind: "submitted",
        message: null,
        visibility: "submitter",
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    if (files.length > 0) {
      await trx
        .insertInto("attachments")
        .values(
          files.map((f) => ({
            initiative_id: initiative.id,
            event_id: event.id,
            purpose: "submission",
            sha256: f.sha256,
            filename: f.filename,
            mime: f.mime,
            size: f.size,
            created_at: at,
          })),
        )
        .execute();
    }

    await enqueueEmail(
      trx,
      {
        to: data.author.email,
        dedupeKey: `receipt:${code}`,
        ...receiptEmail({ lang: data.lang, code, title: data.title, dueOn, trackUrl: trackUrl(code, accessToken) }),
      },
      now,
    );

    return { id: initiative.id, code, accessToken, dueOn, created: true };
  });
}
