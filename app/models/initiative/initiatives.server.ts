/**
 * Creating an initiative and reading it back. A submission is written in one transaction:
 * the initiative, its authors, its files' records, the first history event and the receipt in the outbox.
 */
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { notify } from "../notifications/notifications.server";
import { receiptEmail } from "../../../emails/messages";
import type { Lang } from "../../i18n/index";
import { hanoiYear } from "../../utils/clock";
import { statutoryDueOn } from "../../utils/dates";
import { fold } from "../../utils/text";
import { randomToken, safeEqual, trackingToken } from "../../utils/tokens.server";
import { trackUrl } from "./lifecycle.server";
import { countSubmission } from "../public/statistics.server";
import { syncServiceTime } from "../service-targets/targets.server";
import { peekNumber, takeNumber } from "./numbering.server";
import type { AuthorType, ProcedureDomain, ReformArea, ScopeType } from "./taxonomy";
import { recordSubmissionConsents } from "../consent/consents.server";
import { enterCampaign } from "../campaigns/campaigns.server";

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
  /** a co-author's email is optional, and so is their consent to be named (absent: not given) */
  coAuthors: { fullName: string; share: number; email?: string | null; consentPublishName?: boolean }[];
  consentData: true;
  consentPublishName: boolean;
  lang: Lang;
  /** the open campaign (đợt phát động) the submission answers, checked before (app/models/campaigns/) */
  campaignId?: number | null;
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
  /**
   * The private link's secret. For a duplicate (`created: false`) this is the earlier initiative's: a caller
   * answering a request must not show it unless the request proves it made that submission (the receipt).
   */
  accessToken: string;
  dueOn: string;
  /** false when the same form with the same content had already been submitted: the earlier initiative is returned */
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

/**
 * What makes two posts of a form "the same submission": SHA-256 over a canonical serialisation (a JSON array
 * in a fixed order) of the parsed fields, the author's email folded to lower case, and the files' hashes in
 * sorted order. The page's language is left out: it is how the form was shown, not what was said.
 */
export function submissionContentHash(data: SubmissionData, files: Pick<StoredFile, "sha256">[]): string {
  const canonical = JSON.stringify([
    "submission-content-v1",
    data.title,
    data.reformArea,
    data.procedureDomain,
    data.scopeType,
    data.scopeType === "agency" ? data.agencyId : null,
    data.scopeType === "unit" ? data.unitId : null,
    data.problem,
    data.solution,
    data.benefit,
    data.appliedBefore,
    data.appliedBefore ? data.appliedAt : null,
    data.confidential,
    data.authorType,
    [data.author.fullName, data.author.email.trim().toLowerCase(), data.author.phone, data.author.organisation, data.author.share],
    // A co-author's email and consent are appended only when given, so a form without them hashes as before.
    data.coAuthors.map((c) =>
      c.email || c.consentPublishName ? [c.fullName, c.share, c.email?.toLowerCase() ?? null, c.consentPublishName] : [c.fullName, c.share],
    ),
    data.consentPublishName,
    files.map((f) => f.sha256).sort(),
  ]);
  return crypto.createHash("sha256").update(canonical, "utf8").digest("hex");
}

/** The key stored for other content posted under a key already in use: the same for the same content. */
function derivedSubmitKey(submitKey: string, contentHash: string): string {
  return crypto.createHash("sha256").update(`${submitKey}:${contentHash}`, "utf8").digest("base64url");
}

export async function findBySubmitKey(db: Executor, submitKey: string) {
  return db
    .selectFrom("initiatives")
    .select(["id", "code", "link_version", "content_hash", "due_on"])
    .where("submit_key", "=", submitKey)
    .executeTakeFirst();
}

/**
 * The earlier initiative this post repeats, or the key to store a new one under. A key already used by other
 * content (a form posted again after editing, or someone replaying another person's key) does not make a
 * duplicate: the new initiative is stored under a key derived from the form's key and its content, so a double
 * click on that post still finds one initiative. Should even that key be taken by other content, a random one.
 */
async function resolveSubmitKey(
  db: Executor,
  submitKey: string,
  contentHash: string,
): Promise<{ existing: NonNullable<Awaited<ReturnType<typeof findBySubmitKey>>> } | { key: string }> {
  let key = submitKey;
  for (let step = 0; step < 2; step++) {
    const row = await findBySubmitKey(db, key);
    if (!row) return { key };
    if (row.content_hash !== null && safeEqual(row.content_hash, contentHash)) return { existing: row };
    key = derivedSubmitKey(key, contentHash);
  }
  return { key: randomToken() };
}

export async function createInitiative(
  db: Kysely<Database>,
  data: SubmissionData,
  files: StoredFile[],
  opts: { submitKey: string; now?: Date },
): Promise<CreatedInitiative> {
  const contentHash = submissionContentHash(data, files);
  // Two requests with the same form can both find no row (a double click on a slow line): the unique
  // submit_key lets only one commit, and the other, looking again, finds the row that did. Two different
  // forms can race for the same tracking code on PostgreSQL; the unique code makes the loser retry.
  for (let attempt = 1; ; attempt++) {
    const resolved = await resolveSubmitKey(db, opts.submitKey, contentHash);
    if ("existing" in resolved) {
      const e = resolved.existing;
      return { id: e.id, code: e.code, accessToken: trackingToken(e.code, e.link_version), dueOn: e.due_on, created: false };
    }
    try {
      return await insertInitiative(db, data, files, { ...opts, submitKey: resolved.key, contentHash });
    } catch (err) {
      if (attempt >= 4 || !isUniqueViolation(err)) throw err;
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
  opts: { submitKey: string; contentHash: string; now?: Date },
): Promise<CreatedInitiative> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const dueOn = statutoryDueOn(now);
  const linkVersion = 1;

  return db.transaction().execute(async (trx) => {
    const code = await takeTrackingCode(trx, hanoiYear(now));
    const initiative = await trx
      .insertInto("initiatives")
      .values({
        code,
        submit_key: opts.submitKey,
        content_hash: opts.contentHash,
        link_version: linkVersion,
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
    if (data.campaignId) await enterCampaign(trx, initiative.id, data.campaignId);
    await syncServiceTime(trx, initiative.id);

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
          email: c.email ?? null,
          phone: null,
          organisation: null,
          share: c.share,
        })),
      ])
      .execute();

    await recordSubmissionConsents(
      trx,
      initiative.id,
      { processing: true, authorName: data.consentPublishName, coAuthorNames: data.coAuthors.map((c) => c.consentPublishName === true) },
      at,
    );

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
        ...receiptEmail({ lang: data.lang, code, title: data.title, dueOn, trackUrl: trackUrl(code) }),
      },
      now,
    );

    await notify(trx, { kind: "new_submission", eventKey: `submitted:${initiative.id}`, initiativeId: initiative.id, now });

    return { id: initiative.id, code, accessToken: trackingToken(code, linkVersion), dueOn, created: true };
  });
}
