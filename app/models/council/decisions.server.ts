/**
 * The council's decision, recorded by the chair: the vote, a specific reason, the commendation and
 * certificate number for a recognition, optional signed documents. One transaction: the status change
 * (optimistic version: two chairs at once → 409), the decisions row, the files' records, the email to
 * the submitter and the audit entry.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { decisionEmail } from "../../../emails/review-messages";
import { isLang } from "../../i18n/index";
import { hanoiYear } from "../../utils/clock";
import { ValidationError } from "../errors";
import { cleanText } from "../../utils/text";
import { formatCertificateNumber, REASON_MAX, REASON_MIN, twoThirdsReached, voteErrors, type Votes } from "./decision-rules";
import type { StoredFile } from "../initiative/initiatives.server";
import { trackUrl, transition } from "../initiative/lifecycle.server";
import { isRestricted } from "../privacy/restriction.server";
import { peekNumber, takeNumber } from "../initiative/numbering.server";

type Executor = Kysely<Database> | Transaction<Database>;

export { REASON_MAX, REASON_MIN };
export const DECISION_OUTCOMES = ["recognised", "not_recognised"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

const voteCount = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => /^\d{1,4}$/.test(v), { message: "count_invalid" })
  .transform(Number);

/**
 * The fields of every council's decision form, the base level's and the city's: the page's version, the outcome,
 * the vote and its reason. Messages are codes the page turns into words in the user's language.
 */
export const councilVoteFields = {
  version: z.string().regex(/^\d+$/, "stale").transform(Number),
  outcome: z.enum(DECISION_OUTCOMES, { errorMap: () => ({ message: "outcome_required" }) }),
  membersPresent: voteCount,
  votesFor: voteCount,
  votesAgainst: voteCount,
  votesAbstain: voteCount,
  reason: z
    .string()
    .transform((v) => cleanText(v).trim())
    .refine((v) => v.length >= REASON_MIN, { message: "reason_short" })
    .refine((v) => v.length <= REASON_MAX, { message: "reason_long" }),
};

/**
 * The vote rules as the model checks them itself, since the form is not the only way in: sound counts, a specific
 * reason, and an outcome the two-thirds rule agrees with. Returns the reason as it is stored.
 */
export function checkCouncilVote(input: Votes & { outcome: DecisionOutcome; reason: string }): string {
  const errs = voteErrors(input);
  if (Object.keys(errs).length > 0) throw ValidationError.fromFields(errs);
  const reason = cleanText(input.reason).trim();
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) throw new ValidationError("reason_short");
  const reached = twoThirdsReached(input.membersPresent, input.votesFor);
  if (input.outcome === "recognised" && !reached) throw new ValidationError("two_thirds");
  if (input.outcome === "not_recognised" && reached) throw new ValidationError("vote_contradicts_outcome");
  return reason;
}

/** The decision form of the base level's council: the vote, and the commendation a recognition gives. */
export const decisionFormSchema = z
  .object({
    ...councilVoteFields,
    commendationLevelId: z
      .string()
      .optional()
      .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
  })
  .superRefine((d, ctx) => {
    const errs = voteErrors(d);
    for (const [path, message] of Object.entries(errs)) ctx.addIssue({ code: "custom", path: [path], message });
    if (d.outcome === "recognised") {
      if (d.commendationLevelId === null) ctx.addIssue({ code: "custom", path: ["commendationLevelId"], message: "commendation_required" });
      if (Object.keys(errs).length === 0 && !twoThirdsReached(d.membersPresent, d.votesFor)) {
        ctx.addIssue({ code: "custom", path: ["votesFor"], message: "two_thirds" });
      }
    }
    if (d.outcome === "not_recognised" && Object.keys(errs).length === 0 && twoThirdsReached(d.membersPresent, d.votesFor)) {
      ctx.addIssue({ code: "custom", path: ["outcome"], message: "vote_contradicts_outcome" });
    }
  });

export type DecisionForm = z.output<typeof decisionFormSchema>;

/** The certificate number the next recognition of the year will get; it is not reserved. */
export async function nextCertificateNumber(db: Executor, year: number): Promise<string> {
  return formatCertificateNumber(year, await peekNumber(db, "certificate", year));
}

export async function activeCommendationLevels(db: Executor) {
  return db
    .selectFrom("commendation_levels")
    .select(["id", "code", "name_vi", "name_en", "rank"])
    .where("active", "=", 1)
    .orderBy("rank")
    .execute();
}

export async function getDecision(db: Executor, initiativeId: number) {
  return db
    .selectFrom("decisions")
    .leftJoin("commendation_levels", "commendation_levels.id", "decisions.commendation_level_id")
    .leftJoin("users", "users.id", "decisions.decided_by")
    .select([
      "decisions.id",
      "decisions.outcome",
      "decisions.members_present",
      "decisions.votes_for",
      "decisions.votes_against",
      "decisions.votes_abstain",
      "decisions.reason",
      "decisions.certificate_number",
      "decisions.decided_at",
      "decisions.commendation_level_id",
      "commendation_levels.name_vi as commendation_vi",
      "commendation_levels.name_en as commendation_en",
      "users.name as decided_by_name",
    ])
    .where("decisions.initiative_id", "=", initiativeId)
    .executeTakeFirst();
}

export async function decisionDocuments(db: Executor, initiativeId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "filename", "mime", "size", "sha256", "is_public", "created_at"])
    .where("initiative_id", "=", initiativeId)
    .where("purpose", "=", "decision")
    .orderBy("id")
    .execute();
}

export interface RecordDecisionInput {
  initiativeId: number;
  /** the initiative's version the chair's page showed */
  expectedVersion: number;
  actorUserId: number;
  outcome: DecisionOutcome;
  membersPresent: number;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  reason: string;
  commendationLevelId: number | null;
  /** decision documents, already written to storage by their SHA-256 */
  documents?: StoredFile[];
  now?: Date;
}

export interface RecordedDecision {
  decisionId: number;
  certificateNumber: string | null;
  eventId: number;
}

export async function recordDecision(db: Kysely<Database>, input: RecordDecisionInput): Promise<RecordedDecision> {
  return db.transaction().execute((trx) => recordDecisionIn(trx, input));
}

/**
 * The decision inside a transaction the caller holds, so a council meeting can record it together with its agenda
 * (app/models/council/meetings.server.ts): the same rules, the same record, with `meetingId` linking it.
 */
export async function recordDecisionIn(
  trx: Transaction<Database>,
  input: RecordDecisionInput & { meetingId?: number },
): Promise<RecordedDecision> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const reason = checkCouncilVote(input);

  {
    let level: { id: number; name_vi: string; name_en: string } | undefined;
    if (input.outcome === "recognised") {
      if (input.commendationLevelId === null) throw new ValidationError("commendation_required");
      level = await trx
        .selectFrom("commendation_levels")
        .select(["id", "name_vi", "name_en"])
        .where("id", "=", input.commendationLevelId)
        .where("active", "=", 1)
        .executeTakeFirst();
      if (!level) throw new ValidationError("commendation_required");
    }

    const documents = input.documents ?? [];
    // Numbered before the move so its audit row can carry the number; a refused move rolls the number back.
    const certificateNumber =
      input.outcome === "recognised" ? formatCertificateNumber(hanoiYear(now), await takeNumber(trx, "certificate", hanoiYear(now))) : null;
    const moved = await transition(trx, {
      initiativeId: input.initiativeId,
      to: input.outcome,
      actor: "chair",
      actorUserId: input.actorUserId,
      message: reason,
      expectedVersion: input.expectedVersion,
      kind: "decision",
      visibility: "submitter",
      // The decision email below says more than the generic status email (votes, commendation, documents).
      notify: false,
      audit: {
        action: "decision.record",
        details: {
          outcome: input.outcome,
          membersPresent: input.membersPresent,
          votesFor: input.votesFor,
          votesAgainst: input.votesAgainst,
          votesAbstain: input.votesAbstain,
          commendationLevelId: level?.id ?? null,
          certificateNumber,
          documents: documents.map((d) => d.sha256),
        },
      },
      now,
    });

    const decision = await trx
      .insertInto("decisions")
      .values({
        initiative_id: input.initiativeId,
        outcome: input.outcome,
        members_present: input.membersPresent,
        votes_for: input.votesFor,
        votes_against: input.votesAgainst,
        votes_abstain: input.votesAbstain,
        reason,
        commendation_level_id: level?.id ?? null,
        certificate_number: certificateNumber,
        decided_at: at,
        decided_by: input.actorUserId,
        meeting_id: input.meetingId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    if (documents.length > 0) {
      await trx
        .insertInto("attachments")
        .values(
          documents.map((f) => ({
            initiative_id: input.initiativeId,
            event_id: moved.eventId,
            purpose: "decision",
            sha256: f.sha256,
            filename: f.filename,
            mime: f.mime,
            size: f.size,
            // Public only once the publication says so.
            is_public: 0,
            created_at: at,
          })),
        )
        .execute();
    }

    const i = await trx
      .selectFrom("initiatives")
      .select(["code", "title", "lang"])
      .where("id", "=", input.initiativeId)
      .executeTakeFirstOrThrow();
    const author = await trx
      .selectFrom("authors")
      .select("email")
      .where("initiative_id", "=", input.initiativeId)
      .where("position", "=", 0)
      .executeTakeFirst();
    if (author?.email && !(await isRestricted(trx, input.initiativeId))) {
      const lang = isLang(i.lang) ? i.lang : "vi";
      await enqueueEmail(
        trx,
        {
          to: author.email,
          dedupeKey: `decision:${input.initiativeId}`,
          ...decisionEmail({
            lang,
            code: i.code,
            title: i.title,
            trackUrl: trackUrl(i.code),
            outcome: input.outcome,
            reason,
            votes: { present: input.membersPresent, for: input.votesFor, against: input.votesAgainst, abstain: input.votesAbstain },
            commendation: level ? (lang === "vi" ? level.name_vi : level.name_en) : null,
            certificateNumber,
            documents: documents.map((d) => d.filename),
          }),
        },
        now,
      );
    }

    return { decisionId: decision.id, certificateNumber, eventId: moved.eventId };
  }
}
