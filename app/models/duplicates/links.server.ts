/**
 * Duplicate links (docs/decisions/036-duplicates.md): the secretary marks an initiative at screening as a duplicate
 * of an earlier one; the submitter is told (outbox, their language, the private link) and agrees or objects from
 * the private page. Nothing is merged: the two stay separate initiatives, linked. An objection goes back to the
 * secretary's screening with the reason; an agreement makes the link a recognised one, which the original's public
 * page lists. Every write to `duplicate_links` bumps the public pages' version (migration 0023's triggers).
 */
import "../../i18n/sections/duplicates";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { renderEmail } from "../../../emails/layout";
import type { Status } from "../../domain/vocabulary";
import { dictionaryFor, isLang } from "../../i18n/index";
import { publicUrl } from "../../utils/env.server";
import { getEnv } from "../../utils/env.server";
import { cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { trackUrl } from "../initiative/lifecycle.server";
import type { Executor } from "../public/published.server";
import { scorePair } from "./similar.server";

/** The statuses in which the secretary may still mark an initiative as a duplicate: before any review. */
export const MARKABLE: readonly Status[] = ["submitted", "screening", "needs_info"];
export const OBJECTION_MAX = 2000;
const CODE = /^SK-\d{4}-\d{6}$/;

export type LinkStatus = "proposed" | "agreed" | "objected";

/**
 * Marks `initiativeId` a duplicate of the initiative with `originalCode`. Refused when the initiative is past
 * screening, when the code is unknown or its own, or while another link of it waits for an answer or was agreed.
 */
export async function markDuplicate(
  db: Kysely<Database>,
  input: { initiativeId: number; originalCode: string; userId: number; now?: Date },
): Promise<{ linkId: number }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const code = input.originalCode.trim().toUpperCase();
  if (!CODE.test(code)) throw new ValidationError("bad_code", { fieldErrors: { original: ["bad_code"] } });
  return db.transaction().execute(async (trx) => {
    const self = await trx
      .selectFrom("initiatives")
      .select(["id", "code", "title", "status", "lang", "restricted_at"])
      .where("id", "=", input.initiativeId)
      .executeTakeFirst();
    if (!self) throw new NotFoundError();
    if (!MARKABLE.includes(self.status)) throw new InvalidTransitionError("not_markable", { status: self.status });
    const original = await trx.selectFrom("initiatives").select(["id", "code"]).where("code", "=", code).executeTakeFirst();
    if (!original) throw new ValidationError("unknown_code", { fieldErrors: { original: ["unknown_code"] } });
    if (original.id === self.id) throw new ValidationError("same_initiative", { fieldErrors: { original: ["same_initiative"] } });
    const open = await trx
      .selectFrom("duplicate_links")
      .select(["original_code", "status"])
      .where("initiative_id", "=", self.id)
      .where((eb) => eb.or([eb("status", "in", ["proposed", "agreed"]), eb("original_id", "=", original.id)]))
      .executeTakeFirst();
    if (open) throw new ValidationError("already_linked", { fieldErrors: { original: ["already_linked"] } });
    // A chain (the original is itself someone's duplicate) would make the public lists disagree: link to the first.
    const chained = await trx
      .selectFrom("duplicate_links")
      .select("original_code")
      .where("initiative_id", "=", original.id)
      .where("status", "in", ["proposed", "agreed"])
      .executeTakeFirst();
    if (chained) throw new ValidationError("original_is_duplicate", { fieldErrors: { original: ["original_is_duplicate"] } });

    const score = await scorePair(trx, self.id, original.id);
    const link = await trx
      .insertInto("duplicate_links")
      .values({
        initiative_id: self.id,
        initiative_code: self.code,
        original_id: original.id,
        original_code: original.code,
        status: "proposed",
        score,
        marked_by: input.userId,
        marked_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await event(trx, self.id, { at, actor: "staff", userId: input.userId, kind: "duplicate_marked", message: original.code });
    await audit(trx, {
      actorUserId: input.userId,
      action: "duplicate.mark",
      targetType: "initiative",
      targetId: self.id,
      details: { original: original.code, score },
      now,
    });
    // Under a restriction of processing the person gets mail only about their request (privacy/rights.server.ts);
    // the private page still shows the question.
    if (self.restricted_at === null) {
      const author = await trx
        .selectFrom("authors")
        .select("email")
        .where("initiative_id", "=", self.id)
        .where("position", "=", 0)
        .executeTakeFirst();
      if (author?.email) {
        const lang = isLang(self.lang) ? self.lang : "vi";
        const w = dictionaryFor(lang).duplicates.email;
        const publication = await trx.selectFrom("publications").select("slug").where("initiative_id", "=", original.id).executeTakeFirst();
        const facts: [string, string][] = [
          [w.code, self.code],
          [w.title, self.title],
          [w.original, original.code],
        ];
        if (publication) facts.push([w.originalPage, `${publicUrl(getEnv())}/initiatives/${publication.slug}`]);
        await enqueueEmail(
          trx,
          {
            to: author.email,
            dedupeKey: `duplicate:${link.id}`,
            ...renderEmail({
              lang,
              subject: w.subject(self.code),
              heading: w.heading,
              paragraphs: [w.body(original.code)],
              facts,
              action: { label: w.open, url: trackUrl(self.code) },
              footer: w.footer,
            }),
          },
          now,
        );
      }
    }
    return { linkId: link.id };
  });
}

/**
 * The submitter's answer to the question waiting on their initiative: agree (the link is recognised) or object
 * with a reason (the secretary sees it at screening; the link stays as history, marked objected).
 */
export async function answerDuplicate(
  db: Kysely<Database>,
  input: { initiativeId: number; answer: "agree" | "object"; reason?: string; now?: Date },
): Promise<void> {
  const at = (input.now ?? new Date()).toISOString();
  const reason = cleanText(input.reason ?? "").trim();
  if (input.answer === "object" && reason.length === 0)
    throw new ValidationError("reason_required", { fieldErrors: { reason: ["reason_required"] } });
  if (reason.length > OBJECTION_MAX) throw new ValidationError("reason_too_long", { fieldErrors: { reason: ["reason_too_long"] } });
  await db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom("duplicate_links")
      .select(["id", "original_code"])
      .where("initiative_id", "=", input.initiativeId)
      .where("status", "=", "proposed")
      .executeTakeFirst();
    if (!link) throw new InvalidTransitionError("no_question");
    const updated = await trx
      .updateTable("duplicate_links")
      .set({
        status: input.answer === "agree" ? "agreed" : "objected",
        answered_at: at,
        objection: input.answer === "object" ? reason : null,
      })
      .where("id", "=", link.id)
      .where("status", "=", "proposed")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new InvalidTransitionError("no_question");
    await event(trx, input.initiativeId, {
      at,
      actor: "submitter",
      userId: null,
      kind: input.answer === "agree" ? "duplicate_agreed" : "duplicate_objected",
      message: input.answer === "agree" ? link.original_code : reason,
    });
    await audit(trx, {
      actorUserId: null,
      action: input.answer === "agree" ? "duplicate.agree" : "duplicate.object",
      targetType: "initiative",
      targetId: input.initiativeId,
      details: { original: link.original_code },
      now: input.now,
    });
  });
}

async function event(
  trx: Executor,
  initiativeId: number,
  e: {
    at: string;
    actor: "staff" | "submitter";
    userId: number | null;
    kind: "duplicate_marked" | "duplicate_agreed" | "duplicate_objected";
    message: string;
  },
) {
  await trx
    .insertInto("events")
    .values({
      initiative_id: initiativeId,
      at: e.at,
      actor_type: e.actor,
      actor_user_id: e.userId,
      from_status: null,
      to_status: null,
      kind: e.kind,
      message: e.message,
      visibility: "submitter",
    })
    .execute();
}

export interface StaffLink {
  id: number;
  direction: "duplicate_of" | "original_of";
  otherCode: string;
  status: LinkStatus;
  score: number;
  markedAt: string;
  answeredAt: string | null;
  objection: string | null;
}

/** The links of an initiative both ways, for the staff page: what it was marked a duplicate of, and its duplicates. */
export async function linksOf(db: Executor, initiativeId: number): Promise<StaffLink[]> {
  const rows = await db
    .selectFrom("duplicate_links")
    .selectAll()
    .where((eb) => eb.or([eb("initiative_id", "=", initiativeId), eb("original_id", "=", initiativeId)]))
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    direction: r.initiative_id === initiativeId ? "duplicate_of" : "original_of",
    otherCode: r.initiative_id === initiativeId ? r.original_code : r.initiative_code,
    status: r.status,
    score: r.score,
    markedAt: r.marked_at,
    answeredAt: r.answered_at,
    objection: r.objection,
  }));
}

export interface SubmitterDuplicateView {
  status: LinkStatus;
  originalCode: string;
  /** the original's public page, when it is published; an unpublished one is named by its code only */
  originalSlug: string | null;
  originalTitle: string | null;
  markedAt: string;
  answeredAt: string | null;
  objection: string | null;
}

/** The latest duplicate question on an initiative, for its private page; null when there is none. */
export async function duplicateForSubmitter(db: Executor, initiativeId: number): Promise<SubmitterDuplicateView | null> {
  const row = await db
    .selectFrom("duplicate_links as d")
    .leftJoin("publications as p", "p.initiative_id", "d.original_id")
    .select(["d.status", "d.original_code", "d.marked_at", "d.answered_at", "d.objection", "p.slug", "p.title"])
    .where("d.initiative_id", "=", initiativeId)
    .orderBy("d.id", "desc")
    .executeTakeFirst();
  if (!row) return null;
  return {
    status: row.status,
    originalCode: row.original_code,
    originalSlug: row.slug ?? null,
    originalTitle: row.title ?? null,
    markedAt: row.marked_at,
    answeredAt: row.answered_at,
    objection: row.objection,
  };
}

export interface PublicDuplicate {
  code: string;
  /** set when the duplicate is itself published */
  slug: string | null;
  title: string | null;
}

/** The duplicates of a published initiative (by its slug) that their submitters agreed to: what its public page lists. */
export async function publicDuplicatesOf(db: Executor, slug: string): Promise<PublicDuplicate[]> {
  const rows = await db
    .selectFrom("duplicate_links as d")
    .innerJoin("publications as o", "o.initiative_id", "d.original_id")
    .leftJoin("publications as p", "p.initiative_id", "d.initiative_id")
    .select(["d.initiative_code", "p.slug", "p.title"])
    .where("o.slug", "=", slug)
    .where("d.status", "=", "agreed")
    .orderBy("d.initiative_code")
    .execute();
  return rows.map((r) => ({ code: r.initiative_code, slug: r.slug ?? null, title: r.title ?? null }));
}
