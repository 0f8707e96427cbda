/**
 * What a submitter can do with their private link: see the status and the history meant for them,
 * answer a request for more information, withdraw, download the documents; and ask for the link again.
 * Secrets are always compared in constant time, and a miss looks the same as a wrong secret.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { trackingLinkEmail } from "../../../emails/messages";
import { z } from "zod";
import { isLang, type Dictionary } from "../../i18n/index";
import { hasErrors, parseForm, type FieldErrors } from "../../utils/forms";
import { cleanLine, cleanText } from "../../utils/text";
import { matchesTrackingToken, safeEqual } from "../../utils/tokens.server";
import { isOpen, isStatus, type Status } from "./lifecycle";
import type { AttachmentPurpose, Visibility } from "../../domain/vocabulary";
import { trackUrl, transition } from "./lifecycle.server";
import { TRACKING_CODE, type StoredFile } from "./initiatives.server";
import type { UploadProblem } from "../../utils/upload-limits";
import { uploadErrors } from "./submission.server";
import { isFinal, stagesOf } from "./stages";
import { workingDayCalendar } from "../calendar/calendar.server";
import { publicationPath } from "../publication/publication-rules";
import { hanoiDate } from "../../utils/clock";
import { screeningStartDays } from "../service-targets/targets.server";

/** Compared against when no row matched, so a wrong code costs the same time as a wrong secret. */
const DUMMY_SECRET = "x".repeat(32);

export function normaliseCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Stands in for a missing row, so a wrong code costs the same time as a wrong secret. */
const DUMMY_ROW = { code: "SK-0000-000000", link_version: 1, legacy_token_hash: null };

/**
 * The initiative behind a private link, or null for an unknown code or a wrong secret. The secret is the one
 * derived for the row's current link version, or a link issued before secrets were derived and not yet re-sent.
 */
export async function findByCodeAndToken(db: Kysely<Database>, code: string, token: string | null) {
  const row = TRACKING_CODE.test(code)
    ? await db
        .selectFrom("initiatives")
        .select([
          "id",
          "code",
          "link_version",
          "legacy_token_hash",
          "status",
          "version",
          "title",
          "submitted_at",
          "due_on",
          "decided_at",
          "lang",
        ])
        .where("code", "=", code)
        .executeTakeFirst()
    : undefined;
  const matches = matchesTrackingToken(token ?? "", row ?? DUMMY_ROW);
  if (!row || !matches || !token) return null;
  const { legacy_token_hash: _legacy, ...found } = row;
  return found;
}

export type TrackedInitiative = NonNullable<Awaited<ReturnType<typeof findByCodeAndToken>>>;

const SUBMITTER_VISIBLE: readonly Visibility[] = ["submitter", "public"];
const SUBMITTER_FILES: readonly AttachmentPurpose[] = ["submission", "reply", "decision"];

/** Everything the private page shows. Staff-only events and notes never leave the database here. */
export async function trackingView(db: Kysely<Database>, initiative: TrackedInitiative) {
  const [events, files, request] = await Promise.all([
    db
      .selectFrom("events")
      .select(["id", "at", "actor_type", "from_status", "to_status", "kind", "message"])
      .where("initiative_id", "=", initiative.id)
      .where("visibility", "in", SUBMITTER_VISIBLE)
      .orderBy("at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("attachments")
      .select(["id", "purpose", "filename", "mime", "size", "created_at"])
      .where("initiative_id", "=", initiative.id)
      .where("purpose", "in", SUBMITTER_FILES)
      .orderBy("id")
      .execute(),
    latestInfoRequest(db, initiative.id),
  ]);
  const status: Status = isStatus(initiative.status) ? initiative.status : "submitted";
  const [submission, decision, publication, reviewsDueOn, calendar] = await Promise.all([
    submissionAsSent(db, initiative.id),
    submitterDecision(db, initiative.id),
    db.selectFrom("publications").select(["slug", "published_at"]).where("initiative_id", "=", initiative.id).executeTakeFirst(),
    db
      .selectFrom("assignments")
      .select("due_on")
      .where("initiative_id", "=", initiative.id)
      .where("status", "=", "assigned")
      .execute()
      .then((rows) => rows.map((r) => r.due_on)),
    workingDayCalendar(db),
  ]);
  const final = isFinal(status);
  const certificateNumber = decision?.outcome === "recognised" ? decision.certificateNumber : null;
  return {
    code: initiative.code,
    title: initiative.title,
    status,
    version: initiative.version,
    submittedAt: initiative.submitted_at,
    dueOn: initiative.due_on,
    decidedAt: initiative.decided_at,
    canWithdraw: isOpen(status),
    request: status === "needs_info" ? request : null,
    events,
    files,
    /** the procedure has ended: no deadline is shown any more */
    final,
    stages: stagesOf({
      status,
      submittedAt: initiative.submitted_at,
      dueOn: initiative.due_on,
      decidedAt: initiative.decided_at,
      events,
      reviewsDueOn,
      today: hanoiDate(),
      addWorkingDays: calendar.addWorkingDays,
      screeningStartDays: screeningStartDays(),
    }),
    submission,
    decision,
    links: {
      /** the public page, once published (a withdrawn publication no longer has one) */
      publicPage: status === "published" && publication ? publicationPath(publication.slug) : null,
      /** anyone can verify a recognised initiative's certificate; the printable one exists once it is published */
      certificate: certificateNumber && status !== "withdrawn" ? `/certificates/${encodeURIComponent(certificateNumber)}` : null,
      certificatePrint:
        certificateNumber && status === "published" && publication ? `/certificates/${encodeURIComponent(certificateNumber)}/print` : null,
    },
  };
}

/** What the submitter sent, as they sent it (but the confidential field, which this page never repeats). */
async function submissionAsSent(db: Kysely<Database>, initiativeId: number) {
  const [row, authors] = await Promise.all([
    db
      .selectFrom("initiatives as i")
      .leftJoin("units as u", "u.id", "i.unit_id")
      .leftJoin("agencies as a", "a.id", "i.agency_id")
      .select([
        "i.reform_area",
        "i.procedure_domain",
        "i.scope_type",
        "u.name as unit_name",
        "a.name as agency_name",
        "i.problem",
        "i.solution",
        "i.benefit",
        "i.applied_before",
        "i.applied_at",
        "i.author_type",
      ])
      .where("i.id", "=", initiativeId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("authors")
      .select(["position", "full_name", "organisation", "share"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("position")
      .execute(),
  ]);
  const author = authors.find((a) => a.position === 0);
  return {
    reformArea: row.reform_area,
    procedureDomain: row.procedure_domain,
    scopeType: row.scope_type,
    placeName: row.scope_type === "unit" ? row.unit_name : row.scope_type === "agency" ? row.agency_name : null,
    problem: row.problem,
    solution: row.solution,
    benefit: row.benefit,
    appliedAt: row.applied_before ? row.applied_at : null,
    appliedBefore: row.applied_before === 1,
    authorType: row.author_type,
    author: author ? { fullName: author.full_name, organisation: author.organisation, share: author.share } : null,
    coAuthors: authors.filter((a) => a.position > 0).map((a) => ({ fullName: a.full_name, share: a.share })),
  };
}

/** The council's decision as the submitter is told it (the same facts as the decision email). */
async function submitterDecision(db: Kysely<Database>, initiativeId: number) {
  const row = await db
    .selectFrom("decisions as d")
    .leftJoin("commendation_levels as l", "l.id", "d.commendation_level_id")
    .select([
      "d.outcome",
      "d.decided_at",
      "d.reason",
      "d.members_present",
      "d.votes_for",
      "d.votes_against",
      "d.votes_abstain",
      "d.certificate_number",
      "l.name_vi",
      "l.name_en",
    ])
    .where("d.initiative_id", "=", initiativeId)
    .orderBy("d.id", "desc")
    .executeTakeFirst();
  if (!row) return null;
  return {
    outcome: row.outcome,
    decidedAt: row.decided_at,
    reason: row.reason,
    votes: { present: row.members_present, for: row.votes_for, against: row.votes_against, abstain: row.votes_abstain },
    level: row.name_vi ? { nameVi: row.name_vi, nameEn: row.name_en ?? row.name_vi } : null,
    certificateNumber: row.certificate_number,
  };
}

/** n***@example.org: enough for the sender to recognise their mailbox, not enough to learn someone's address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${[...email.slice(0, at)][0]}***${email.slice(at)}`;
}

/** The masked address of the submitter (position 0), where the receipt went. */
export async function maskedSubmitterEmail(db: Kysely<Database>, initiativeId: number): Promise<string | null> {
  const row = await db
    .selectFrom("authors")
    .select("email")
    .where("initiative_id", "=", initiativeId)
    .where("position", "=", 0)
    .executeTakeFirst();
  return row?.email ? maskEmail(row.email) : null;
}

/** The staff's latest request for more information (the message of the latest move to needs_info). */
export async function latestInfoRequest(db: Kysely<Database>, initiativeId: number) {
  const row = await db
    .selectFrom("events")
    .select(["id", "at", "message"])
    .where("initiative_id", "=", initiativeId)
    .where("to_status", "=", "needs_info")
    .where("visibility", "in", SUBMITTER_VISIBLE)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The submitter's answer: the move back to screening (through the lifecycle, so its rules and
 * version check hold), its message and its files, in one transaction.
 */
export async function replyToRequest(
  db: Kysely<Database>,
  input: { initiativeId: number; expectedVersion: number; message: string; files: StoredFile[]; now?: Date },
) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const moved = await transition(trx, {
      initiativeId: input.initiativeId,
      to: "screening",
      actor: "submitter",
      kind: "reply",
      message: input.message,
      visibility: "submitter",
      expectedVersion: input.expectedVersion,
      now,
    });
    if (input.files.length > 0) {
      await trx
        .insertInto("attachments")
        .values(
          input.files.map((f) => ({
            initiative_id: input.initiativeId,
            event_id: moved.eventId,
            purpose: "reply",
            sha256: f.sha256,
            filename: f.filename,
            mime: f.mime,
            size: f.size,
            created_at: now.toISOString(),
          })),
        )
        .execute();
    }
    return moved;
  });
}

export async function withdraw(db: Kysely<Database>, input: { initiativeId: number; expectedVersion: number; now?: Date }) {
  return db.transaction().execute((trx) =>
    transition(trx, {
      initiativeId: input.initiativeId,
      to: "withdrawn",
      actor: "submitter",
      visibility: "submitter",
      expectedVersion: input.expectedVersion,
      now: input.now,
    }),
  );
}

/** A file the submitter may download from their private page. */
export async function findSubmitterFile(db: Kysely<Database>, initiativeId: number, fileId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "sha256", "filename", "mime", "size"])
    .where("id", "=", fileId)
    .where("initiative_id", "=", initiativeId)
    .where("purpose", "in", SUBMITTER_FILES)
    .executeTakeFirst();
}

/**
 * "Send me my link": when the code and the email match, a new link replaces the old one (the link version
 * goes up, a legacy link is forgotten) and is emailed, in one transaction, so the link in the email is the
 * only one that works. Nothing happens otherwise; the caller answers the same either way. At most one such
 * email per submission and hour, so the form cannot be used to flood someone's inbox, nor to retire the link
 * just sent before it arrives.
 */
export async function requestTrackingLink(db: Kysely<Database>, input: { code: string; email: string; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  const code = normaliseCode(input.code);
  const row = TRACKING_CODE.test(code)
    ? await db
        .selectFrom("initiatives")
        .innerJoin("authors", (j) => j.onRef("authors.initiative_id", "=", "initiatives.id").on("authors.position", "=", 0))
        .select([
          "initiatives.id",
          "initiatives.code",
          "initiatives.title",
          "initiatives.due_on",
          "initiatives.lang",
          "initiatives.link_version",
          "authors.email",
        ])
        .where("initiatives.code", "=", code)
        .executeTakeFirst()
    : undefined;
  const given = input.email.trim().toLowerCase();
  const matches = safeEqual(given, (row?.email ?? DUMMY_SECRET).trim().toLowerCase());
  if (!row || !row.email || !matches || !given) return false;
  const lang = isLang(row.lang) ? row.lang : "vi";
  const dedupeKey = `link:${row.code}:${now.toISOString().slice(0, 13)}`;
  const email = row.email;
  return db.transaction().execute(async (trx) => {
    // The write comes first and decides: it bumps only the version read above (a concurrent request that
    // bumped it first wins, and this one sends nothing) and only when no link went out this hour.
    const bumped = await trx
      .updateTable("initiatives")
      .set({ link_version: sql<number>`link_version + 1`, legacy_token_hash: null })
      .where("id", "=", row.id)
      .where("link_version", "=", row.link_version)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("outbox").select("outbox.id").where("outbox.dedupe_key", "=", dedupeKey))))
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) return false;
    await enqueueEmail(
      trx,
      {
        to: email,
        dedupeKey,
        ...trackingLinkEmail({ lang, code: row.code, title: row.title, dueOn: row.due_on, trackUrl: trackUrl(row.code) }),
      },
      now,
    );
    return true;
  });
}

/**
 * The /track form: a tracking code and an email, each with one message per problem
 * (an empty field is "required", not also "not valid"). Kept here so the page's browser bundle carries no zod.
 */
export function parseTrackForm(
  form: FormData,
  t: Pick<Dictionary["citizen"], "validation"> & Pick<Dictionary["tracking"], "track">,
):
  | { success: true; data: { code: string; email: string } }
  | { success: false; values: { code: string; email: string }; errors: Record<string, string[]> } {
  const schema = z.object({
    code: z
      .string()
      .transform((v) => normaliseCode(cleanLine(v)))
      .superRefine((v, ctx) => {
        if (!v) ctx.addIssue({ code: "custom", message: t.validation.required });
        else if (!TRACKING_CODE.test(v)) ctx.addIssue({ code: "custom", message: t.track.codeInvalid });
      }),
    email: z
      .string()
      .transform((v) => cleanLine(v))
      .superRefine((v, ctx) => {
        if (!v) ctx.addIssue({ code: "custom", message: t.validation.required });
        else if (v.length > 254 || !z.string().email().safeParse(v).success) ctx.addIssue({ code: "custom", message: t.validation.email });
      }),
  });
  const values = { code: String(form.get("code") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = parseForm(schema, values);
  if (parsed.ok) return { success: true, data: parsed.value };
  return { success: false, values, errors: parsed.fieldErrors };
}

/** A reply's words: as long as a submission's longest text. */
export const REPLY_MAX = 10_000;

/**
 * The reply to a request for information: a message (required, at most REPLY_MAX characters) and the
 * files' problems found while receiving them, each under its field. A file over the size limit stopped
 * the reading: 413.
 */
export function parseReplyForm(
  form: FormData,
  problems: UploadProblem[],
  t: Dictionary["citizen"],
): { ok: true; message: string } | { ok: false; status: 400 | 413; message: string; fieldErrors: FieldErrors } {
  const schema = z.object({
    message: z
      .string()
      .transform((v) => cleanText(v).trim())
      .superRefine((v, ctx) => {
        if (!v) ctx.addIssue({ code: "custom", message: t.validation.required });
        else if ([...v].length > REPLY_MAX) ctx.addIssue({ code: "custom", message: t.validation.tooLong(REPLY_MAX) });
      }),
  });
  const message = cleanText(String(form.get("message") ?? "")).trim();
  const parsed = parseForm(schema, { message: String(form.get("message") ?? "") });
  const fileErrors = uploadErrors(problems, t.validation);
  const tooLarge = problems.some((p) => p.kind === "too_large");
  if (parsed.ok && !hasErrors(fileErrors)) return { ok: true, message: parsed.value.message };
  return { ok: false, status: tooLarge ? 413 : 400, message, fieldErrors: { ...fileErrors, ...(parsed.ok ? {} : parsed.fieldErrors) } };
}
