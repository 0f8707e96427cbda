/**
 * The submitter's rights, used from the private tracking page (the link is the credential): correcting the contact
 * details (a new email address only once the link sent to it is followed), and asking for erasure, restriction or
 * an objection, which becomes a staff work item due in 2 working days and is answered by email.
 * docs/decisions/027-submitter-rights-and-retention.md
 */
import { reindexPublication } from "../public/search-index.server";
import crypto from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import { writeTransaction } from "../../../db/transaction";
import { enqueueEmail } from "../../../emails/outbox.server";
import { emailChangedEmail, emailConfirmEmail, privacyAnswerEmail, privacyReceivedEmail } from "../../../emails/privacy-messages";
import { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind } from "./requests";
import { PRIVACY_REQUEST_WORKING_DAYS } from "../../domain/privacy";
import { isLang, type Lang } from "../../i18n/index";
import { hanoiDate } from "../../utils/clock";
import { getEnv, publicUrl } from "../../utils/env.server";
import { cleanLine, cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { workingDayCalendar } from "../calendar/calendar.server";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { trackUrl } from "../initiative/lifecycle.server";
import { LIMITS, normalisePhone } from "../initiative/submission.server";
import { anonymiseInitiative, removeContents } from "./anonymise.server";

export { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind };
export const REASON_MAX = 2000;
/** How long the link sent to a new address works. */
export const EMAIL_CHANGE_HOURS = 48;
/** Email changes asked for per initiative and day: the form cannot be used to mail strangers without end. */
export const EMAIL_CHANGES_PER_DAY = 3;

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const length = (s: string) => [...s].length;

/** What the tracking page shows about the person's data and requests. */
export async function rightsView(db: DB, initiativeId: number, now = new Date()) {
  const [initiative, author, pending, requests] = await Promise.all([
    db.selectFrom("initiatives").select(["restricted_at", "anonymised_at"]).where("id", "=", initiativeId).executeTakeFirstOrThrow(),
    db
      .selectFrom("authors")
      .select(["full_name", "email", "phone", "organisation"])
      .where("initiative_id", "=", initiativeId)
      .where("position", "=", 0)
      .executeTakeFirst(),
    db
      .selectFrom("email_changes")
      .select(["new_email", "expires_at"])
      .where("initiative_id", "=", initiativeId)
      .where("confirmed_at", "is", null)
      .where("expires_at", ">", now.toISOString())
      .orderBy("id", "desc")
      .executeTakeFirst(),
    db
      .selectFrom("privacy_requests")
      .select(["id", "kind", "status", "reason", "created_at", "due_on", "answered_at", "answer"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("id", "desc")
      .execute(),
  ]);
  return {
    restricted: initiative.restricted_at !== null,
    anonymised: initiative.anonymised_at !== null,
    contact: {
      fullName: author?.full_name ?? "",
      email: author?.email ?? "",
      phone: author?.phone ?? "",
      organisation: author?.organisation ?? "",
    },
    pendingEmail: pending?.new_email ?? null,
    requests,
    hasPendingRequest: requests.some((r) => r.status === "pending"),
  };
}

export type RightsView = Awaited<ReturnType<typeof rightsView>>;

// ---- forms (message codes: keys of the rights dictionary's `errors`) ----

export const contactSchema = z.object({
  fullName: z
    .string()
    .transform(cleanLine)
    .superRefine((v, ctx) => {
      if (!v) ctx.addIssue({ code: "custom", message: "required" });
      else if (length(v) < LIMITS.nameMin) ctx.addIssue({ code: "custom", message: "too_short" });
      else if (length(v) > LIMITS.nameMax) ctx.addIssue({ code: "custom", message: "too_long" });
    }),
  email: z
    .string()
    .transform((v) => cleanLine(v).toLowerCase())
    .superRefine((v, ctx) => {
      if (!v) ctx.addIssue({ code: "custom", message: "required" });
      else if (v.length > LIMITS.emailMax || !z.string().email().safeParse(v).success) ctx.addIssue({ code: "custom", message: "email" });
    }),
  phone: z.string().transform((v, ctx) => {
    const value = cleanLine(v);
    if (!value) return null;
    const phone = normalisePhone(value);
    if (!phone) ctx.addIssue({ code: "custom", message: "phone" });
    return phone;
  }),
  organisation: z
    .string()
    .transform((v) => cleanLine(v) || null)
    .superRefine((v, ctx) => {
      if (v && length(v) > LIMITS.orgMax) ctx.addIssue({ code: "custom", message: "too_long" });
    }),
});
export type ContactInput = z.infer<typeof contactSchema>;
export const CONTACT_FIELDS = ["fullName", "email", "phone", "organisation"] as const;

export const requestSchema = z.object({
  kind: z.enum(PRIVACY_REQUEST_KINDS, { message: "kind" }),
  reason: z
    .string()
    .optional()
    .transform((v) => cleanText(v ?? "").trim())
    .refine((v) => length(v) <= REASON_MAX, "too_long"),
});
export const REQUEST_FIELDS = ["kind", "reason"] as const;

export const answerSchema = z.object({
  id: z.coerce.number().int().positive({ message: "not_found" }),
  decision: z.enum(["granted", "refused"], { message: "decision" }),
  answer: z
    .string()
    .transform((v) => cleanText(v).trim())
    .superRefine((v, ctx) => {
      if (length(v) < 5) ctx.addIssue({ code: "custom", message: "answer_required" });
      else if (length(v) > REASON_MAX) ctx.addIssue({ code: "custom", message: "too_long" });
    }),
});

// ---- correcting the contact details ----

async function subject(db: DB, initiativeId: number) {
  const row = await db
    .selectFrom("initiatives")
    .innerJoin("authors", (j) => j.onRef("authors.initiative_id", "=", "initiatives.id").on("authors.position", "=", 0))
    .select([
      "initiatives.id",
      "initiatives.code",
      "initiatives.title",
      "initiatives.due_on",
      "initiatives.lang",
      "initiatives.anonymised_at",
      "initiatives.restricted_at",
      "authors.id as author_id",
      "authors.full_name",
      "authors.email",
      "authors.phone",
      "authors.organisation",
    ])
    .where("initiatives.id", "=", initiativeId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  return { ...row, lang: (isLang(row.lang) ? row.lang : "vi") as Lang };
}

/**
 * Name, phone and organisation change at once; a different email address is only proposed: a link goes to it, and
 * the address changes when the link is followed. Returns what happened, for the page's notice.
 */
export async function correctContact(
  db: DB,
  input: { initiativeId: number; contact: ContactInput; now?: Date },
): Promise<{ changed: string[]; emailPending: boolean }> {
  const now = input.now ?? new Date();
  const c = input.contact;
  return writeTransaction(
    db,
    async (trx) => {
      const s = await subject(trx, input.initiativeId);
      if (s.anonymised_at) throw new InvalidTransitionError("anonymised");
      const changed: string[] = [];
      if (c.fullName !== s.full_name) changed.push("fullName");
      if ((c.phone ?? null) !== s.phone) changed.push("phone");
      if ((c.organisation ?? null) !== s.organisation) changed.push("organisation");
      if (changed.length > 0) {
        await trx
          .updateTable("authors")
          .set({ full_name: c.fullName, phone: c.phone, organisation: c.organisation })
          .where("id", "=", s.author_id)
          .execute();
        // A published name follows the correction (it is published only with consent, so only when it is there).
        if (changed.includes("fullName")) {
          await trx
            .updateTable("publications")
            .set({ author_name: c.fullName })
            .where("initiative_id", "=", s.id)
            .where("author_name", "is not", null)
            .execute();
          await reindexPublication(trx, s.id);
        }
        await trx
          .updateTable("initiatives")
          .set({ updated_at: now.toISOString(), version: sql<number>`version + 1` })
          .where("id", "=", s.id)
          .execute();
        // The audit names the fields, not their values: the log is no second copy of the personal data.
        await audit(trx, {
          actorUserId: null,
          action: "privacy.contact.correct",
          targetType: "initiative",
          targetId: s.id,
          details: { fields: changed },
          now,
        });
      }
      let emailPending = false;
      if (c.email !== (s.email ?? "").toLowerCase()) {
        await proposeEmail(trx, s, c.email, now);
        emailPending = true;
      }
      return { changed, emailPending };
    },
    { lockKeys: [`initiative:${input.initiativeId}`] },
  );
}

async function proposeEmail(trx: DB, s: Awaited<ReturnType<typeof subject>>, newEmail: string, now: Date) {
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const recent = await trx
    .selectFrom("email_changes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("initiative_id", "=", s.id)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= EMAIL_CHANGES_PER_DAY) throw ValidationError.fromFields({ email: "too_many" });
  // A newer proposal replaces an older one: only the latest link works.
  await trx.deleteFrom("email_changes").where("initiative_id", "=", s.id).where("confirmed_at", "is", null).execute();
  const token = crypto.randomBytes(32).toString("base64url");
  const change = await trx
    .insertInto("email_changes")
    .values({
      initiative_id: s.id,
      new_email: newEmail,
      token_hash: hash(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + EMAIL_CHANGE_HOURS * 3600_000).toISOString(),
      confirmed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const url = `${publicUrl(getEnv())}/track/${encodeURIComponent(s.code)}/confirm-email?k=${token}`;
  await enqueueEmail(
    trx,
    {
      to: newEmail,
      dedupeKey: `email-change:${change.id}`,
      ...emailConfirmEmail({ lang: s.lang, code: s.code, title: s.title, url, hours: EMAIL_CHANGE_HOURS }),
    },
    now,
  );
  await audit(trx, {
    actorUserId: null,
    action: "privacy.email.propose",
    targetType: "initiative",
    targetId: s.id,
    details: { changeId: change.id },
    now,
  });
}

/** The change a confirmation link stands for, when it is still open; null otherwise (the same for any failure). */
export async function findEmailChange(db: DB, code: string, token: string | null, now = new Date()) {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom("email_changes")
    .innerJoin("initiatives", "initiatives.id", "email_changes.initiative_id")
    .select(["email_changes.id", "email_changes.initiative_id", "email_changes.new_email", "email_changes.expires_at", "initiatives.code"])
    .where("email_changes.token_hash", "=", hash(token))
    .where("email_changes.confirmed_at", "is", null)
    .executeTakeFirst();
  if (!row || row.code !== code || row.expires_at <= now.toISOString()) return null;
  return row;
}

/** The address a link confirmed, when it was used: the page shown after confirming says so. */
export async function confirmedByLink(db: DB, code: string, token: string | null) {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom("email_changes")
    .innerJoin("initiatives", "initiatives.id", "email_changes.initiative_id")
    .select(["email_changes.new_email", "initiatives.code"])
    .where("email_changes.token_hash", "=", hash(token))
    .where("email_changes.confirmed_at", "is not", null)
    .executeTakeFirst();
  return row && row.code === code ? row.new_email : null;
}

/** Follows the link: the new address replaces the old, which is told (it may not have been its owner's doing). */
export async function confirmEmailChange(db: DB, input: { code: string; token: string | null; now?: Date }): Promise<{ email: string }> {
  const now = input.now ?? new Date();
  const found = await findEmailChange(db, input.code, input.token, now);
  if (!found) throw new NotFoundError("email_change_not_found");
  return writeTransaction(
    db,
    async (trx) => {
      const claimed = await trx
        .updateTable("email_changes")
        .set({ confirmed_at: now.toISOString() })
        .where("id", "=", found.id)
        .where("confirmed_at", "is", null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new NotFoundError("email_change_not_found");
      const s = await subject(trx, found.initiative_id);
      if (s.anonymised_at) throw new InvalidTransitionError("anonymised");
      await trx.updateTable("authors").set({ email: found.new_email }).where("id", "=", s.author_id).execute();
      await trx
        .updateTable("initiatives")
        .set({ updated_at: now.toISOString(), version: sql<number>`version + 1` })
        .where("id", "=", s.id)
        .execute();
      if (s.email && s.email.toLowerCase() !== found.new_email) {
        await enqueueEmail(
          trx,
          {
            to: s.email,
            dedupeKey: `email-changed:${found.id}`,
            ...emailChangedEmail({ lang: s.lang, code: s.code, title: s.title, newEmail: found.new_email }),
          },
          now,
        );
      }
      await audit(trx, {
        actorUserId: null,
        action: "privacy.email.confirm",
        targetType: "initiative",
        targetId: s.id,
        details: { changeId: found.id },
        now,
      });
      return { email: found.new_email };
    },
    { lockKeys: [`initiative:${found.initiative_id}`] },
  );
}

// ---- requests: erasure, restriction, objection ----

export async function makeRequest(
  db: DB,
  input: { initiativeId: number; kind: PrivacyRequestKind; reason: string; now?: Date },
): Promise<{ id: number; dueOn: string }> {
  const now = input.now ?? new Date();
  const calendar = await workingDayCalendar(db);
  const dueOn = calendar.addWorkingDays(hanoiDate(now), PRIVACY_REQUEST_WORKING_DAYS);
  return writeTransaction(
    db,
    async (trx) => {
      const s = await subject(trx, input.initiativeId);
      if (s.anonymised_at) throw new InvalidTransitionError("anonymised");
      const open = await trx
        .selectFrom("privacy_requests")
        .select("id")
        .where("initiative_id", "=", s.id)
        .where("kind", "=", input.kind)
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (open) throw ValidationError.fromFields({ kind: "already_pending" });
      const row = await trx
        .insertInto("privacy_requests")
        .values({ initiative_id: s.id, kind: input.kind, reason: input.reason, created_at: now.toISOString(), due_on: dueOn })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (s.email) {
        await enqueueEmail(
          trx,
          {
            to: s.email,
            dedupeKey: `privacy-received:${row.id}`,
            ...privacyReceivedEmail({ lang: s.lang, code: s.code, title: s.title, kind: input.kind, dueOn, trackUrl: trackUrl(s.code) }),
          },
          now,
        );
      }
      await audit(trx, {
        actorUserId: null,
        action: "privacy.request",
        targetType: "initiative",
        targetId: s.id,
        details: { requestId: row.id, kind: input.kind, dueOn },
        now,
      });
      return { id: row.id, dueOn };
    },
    { lockKeys: [`initiative:${input.initiativeId}`] },
  );
}

/** The staff work list: open requests first, by due date, then the latest answered. */
export async function listPrivacyRequests(db: DB, now = new Date()) {
  const today = hanoiDate(now);
  const base = () =>
    db
      .selectFrom("privacy_requests")
      .innerJoin("initiatives", "initiatives.id", "privacy_requests.initiative_id")
      .leftJoin("users", "users.id", "privacy_requests.answered_by")
      .select([
        "privacy_requests.id",
        "privacy_requests.kind",
        "privacy_requests.status",
        "privacy_requests.reason",
        "privacy_requests.created_at",
        "privacy_requests.due_on",
        "privacy_requests.answered_at",
        "privacy_requests.answer",
        "initiatives.code",
        "initiatives.status as initiative_status",
        "users.name as answered_by_name",
      ]);
  const [open, answered] = await Promise.all([
    base().where("privacy_requests.status", "=", "pending").orderBy("privacy_requests.due_on").orderBy("privacy_requests.id").execute(),
    base().where("privacy_requests.status", "!=", "pending").orderBy("privacy_requests.answered_at", "desc").limit(50).execute(),
  ]);
  return {
    today,
    open: open.map((r) => ({ ...r, overdue: r.due_on < today })),
    answered,
  };
}

/**
 * The staff's answer. A granted erasure anonymises the people (keeping what a recognition requires); a granted
 * restriction or objection restricts processing. The answer is emailed to the address the request came from, even
 * under a restriction (it is about the request) and after an erasure (read before the address is erased).
 */
export async function answerRequest(
  db: DB,
  input: { id: number; decision: "granted" | "refused"; answer: string; userId: number; now?: Date },
): Promise<{ orphanedContents: string[] }> {
  const now = input.now ?? new Date();
  const request = await db.selectFrom("privacy_requests").select(["initiative_id"]).where("id", "=", input.id).executeTakeFirst();
  if (!request) throw new NotFoundError();
  const result = await writeTransaction(
    db,
    async (trx) => {
      const claimed = await trx
        .updateTable("privacy_requests")
        .set({ status: input.decision, answer: input.answer, answered_at: now.toISOString(), answered_by: input.userId })
        .where("id", "=", input.id)
        .where("status", "=", "pending")
        .returning(["kind", "initiative_id"])
        .executeTakeFirst();
      if (!claimed) throw new InvalidTransitionError("already_answered");
      const s = await subject(trx, claimed.initiative_id);
      let orphanedContents: string[] = [];
      let recognised: boolean | undefined;
      if (input.decision === "granted") {
        if (claimed.kind === "erasure") {
          const done = await anonymiseInitiative(trx, {
            initiativeId: s.id,
            reason: "erasure",
            actorUserId: input.userId,
            requestId: input.id,
            now,
          });
          orphanedContents = done.orphanedContents;
          recognised = done.recognised;
        } else {
          await trx
            .updateTable("initiatives")
            .set({ restricted_at: now.toISOString(), updated_at: now.toISOString(), version: sql<number>`version + 1` })
            .where("id", "=", s.id)
            .where("restricted_at", "is", null)
            .execute();
        }
      }
      if (s.email) {
        await enqueueEmail(
          trx,
          {
            to: s.email,
            dedupeKey: `privacy-answer:${input.id}`,
            ...privacyAnswerEmail({
              lang: s.lang,
              code: s.code,
              title: s.title,
              kind: claimed.kind,
              decision: input.decision,
              answer: input.answer,
              recognised: recognised ?? false,
              trackUrl: trackUrl(s.code),
            }),
          },
          now,
        );
      }
      await audit(trx, {
        actorUserId: input.userId,
        action: "privacy.answer",
        targetType: "initiative",
        targetId: s.id,
        details: { requestId: input.id, kind: claimed.kind, decision: input.decision },
        now,
      });
      return { orphanedContents };
    },
    { lockKeys: [`initiative:${request.initiative_id}`] },
  );
  await removeContents(db, result.orphanedContents);
  return result;
}
