/**
 * The submitter's rating of the answer they got (docs/decisions/037-service-targets-and-ratings.md): once, after a
 * final answer, from the private tracking page or the link in the decision email; clarity, timeliness and courtesy
 * from 1 to 5 and an optional comment that is never public. Staff see the ratings per agency and may answer a comment
 * privately: the answer goes to the submitter by email (through the outbox) and shows on their private page.
 */
import { z } from "zod";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { enqueueEmail } from "../../../emails/outbox.server";
import { ratingReplyEmail } from "../../../emails/rating-messages";
import { isLang } from "../../i18n/index";
import { audit } from "../audit/audit.server";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { trackUrl } from "../initiative/lifecycle.server";
import { placeKey } from "../public/statistics.server";
import {
  distributionFromCounts,
  isRatable,
  ratingDistribution,
  RATING_ASPECTS,
  type RatingAspect,
  type RatingDistribution,
} from "./targets";

type DB = Kysely<Database>;

const score = z.coerce.number({ message: "score_missing" }).int("score_missing").min(1, "score_missing").max(5, "score_missing");

/** Codes are keys of the `timeliness.rating.errors` dictionary. */
export const ratingSchema = z.object({
  clarity: score,
  timeliness: score,
  courtesy: score,
  comment: z
    .string()
    .trim()
    .max(2000, "comment_long")
    .transform((s) => s.normalize("NFC")),
});
export type RatingInput = z.infer<typeof ratingSchema>;

export const replySchema = z.object({
  body: z
    .string()
    .trim()
    .min(3, "reply_short")
    .max(2000, "reply_long")
    .transform((s) => s.normalize("NFC")),
});

/** A form's fields, or the field errors (one code per field). */
export function parseRating(form: FormData): { ok: true; value: RatingInput } | { ok: false; errors: Record<string, string> } {
  const raw = Object.fromEntries(
    ["clarity", "timeliness", "courtesy", "comment"].map((k) => [k, form.get(k) ?? (k === "comment" ? "" : undefined)]),
  );
  const parsed = ratingSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message === "comment_long" ? "comment_long" : field === "comment" ? "comment_long" : "score_missing";
  }
  return { ok: false, errors };
}

export interface SubmitterRating {
  scores: Record<RatingAspect, number>;
  comment: string;
  createdAt: string;
  replies: { body: string; at: string }[];
}

/** What the private page shows: whether a rating may be given, and the one given with the answers to it. */
export async function ratingView(
  db: DB,
  initiativeId: number,
  status: string,
): Promise<{ canRate: boolean; rating: SubmitterRating | null }> {
  const row = await db
    .selectFrom("ratings")
    .select(["id", "clarity", "timeliness", "courtesy", "comment", "created_at"])
    .where("initiative_id", "=", initiativeId)
    .executeTakeFirst();
  if (!row) return { canRate: isRatable(status), rating: null };
  const replies = await db
    .selectFrom("rating_replies")
    .select(["body", "answered_at"])
    .where("rating_id", "=", row.id)
    .orderBy("id")
    .execute();
  return {
    canRate: false,
    rating: {
      scores: { clarity: row.clarity, timeliness: row.timeliness, courtesy: row.courtesy },
      comment: row.comment,
      createdAt: row.created_at,
      replies: replies.map((r) => ({ body: r.body, at: r.answered_at })),
    },
  };
}

/**
 * Records the rating. Refused (409) before a final answer and when the initiative already has one; the unique key on
 * `ratings.initiative_id` settles two submits racing. The row's trigger bumps the public pages' version (migration 0024).
 */
export async function submitRating(db: DB, initiativeId: number, input: RatingInput, now = new Date()): Promise<void> {
  await writeTransaction(
    db,
    async (tx) => {
      const i = await tx.selectFrom("initiatives").select(["status"]).where("id", "=", initiativeId).executeTakeFirst();
      if (!i) throw new NotFoundError();
      if (!isRatable(i.status)) throw new InvalidTransitionError("rating_not_yet");
      const existing = await tx.selectFrom("ratings").select("id").where("initiative_id", "=", initiativeId).executeTakeFirst();
      if (existing) throw new InvalidTransitionError("rating_exists");
      await tx
        .insertInto("ratings")
        .values({ initiative_id: initiativeId, ...input, created_at: now.toISOString() })
        .execute();
    },
    { lockKeys: [`rating:${initiativeId}`] },
  );
}

export interface AgencyRatings {
  /** "city", "agency:3", "unit:70" */
  key: string;
  label: string;
  distribution: RatingDistribution;
}

export interface StaffRating {
  id: number;
  code: string;
  place: string;
  scores: Record<RatingAspect, number>;
  comment: string;
  createdAt: string;
  replies: { body: string; at: string; by: string | null }[];
}

/** Staff view: the distributions per place (agency, commune-level unit, city-wide) and the comments with their answers. */
export async function ratingsForStaff(db: DB): Promise<{ byPlace: AgencyRatings[]; comments: StaffRating[] }> {
  const rows = await db
    .selectFrom("ratings")
    .innerJoin("initiatives", "initiatives.id", "ratings.initiative_id")
    .leftJoin("agencies", "agencies.id", "initiatives.agency_id")
    .leftJoin("units", "units.id", "initiatives.unit_id")
    .select([
      "ratings.id",
      "ratings.clarity",
      "ratings.timeliness",
      "ratings.courtesy",
      "ratings.comment",
      "ratings.created_at",
      "initiatives.code",
      "initiatives.scope_type",
      "initiatives.agency_id",
      "initiatives.unit_id",
      "agencies.name as agency_name",
      "units.name as unit_name",
    ])
    .orderBy("ratings.created_at", "desc")
    .orderBy("ratings.id", "desc")
    .execute();
  const labelOf = (r: (typeof rows)[number]) =>
    r.scope_type === "agency" ? (r.agency_name ?? "") : r.scope_type === "unit" ? (r.unit_name ?? "") : "";
  const groups = new Map<string, { label: string; rows: Record<RatingAspect, number>[] }>();
  for (const r of rows) {
    const key = placeKey({ scopeType: r.scope_type, agencyId: r.agency_id, unitId: r.unit_id });
    const g = groups.get(key) ?? { label: labelOf(r), rows: [] };
    g.rows.push({ clarity: r.clarity, timeliness: r.timeliness, courtesy: r.courtesy });
    groups.set(key, g);
  }
  const withComment = rows.filter((r) => r.comment !== "");
  const replies = withComment.length
    ? await db
        .selectFrom("rating_replies")
        .leftJoin("users", "users.id", "rating_replies.answered_by")
        .select(["rating_replies.rating_id", "rating_replies.body", "rating_replies.answered_at", "users.name"])
        .where(
          "rating_replies.rating_id",
          "in",
          withComment.map((r) => r.id),
        )
        .orderBy("rating_replies.id")
        .execute()
    : [];
  return {
    byPlace: [...groups]
      .map(([key, g]) => ({ key, label: g.label, distribution: ratingDistribution(g.rows) }))
      .sort((a, b) => b.distribution.count - a.distribution.count || a.label.localeCompare(b.label, "vi")),
    comments: withComment.map((r) => ({
      id: r.id,
      code: r.code,
      place: labelOf(r),
      scores: Object.fromEntries(RATING_ASPECTS.map((a) => [a, r[a]])) as Record<RatingAspect, number>,
      comment: r.comment,
      createdAt: r.created_at,
      replies: replies.filter((x) => x.rating_id === r.id).map((x) => ({ body: x.body, at: x.answered_at, by: x.name })),
    })),
  };
}

/** The public figures: counts and distributions only, never a comment. */
export async function publicRatingFigures(db: DB): Promise<RatingDistribution> {
  // Counted by the database per aspect and score: at most 15 rows, whatever the number of ratings.
  const byScore = (a: RatingAspect) =>
    db
      .selectFrom("ratings")
      .select([sql<string>`${sql.lit(a)}`.as("aspect"), sql<number>`${sql.ref(a)}`.as("score"), (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(a);
  const rows = await byScore("clarity").unionAll(byScore("timeliness")).unionAll(byScore("courtesy")).execute();
  return distributionFromCounts(rows.map((r) => ({ aspect: r.aspect as RatingAspect, score: Number(r.score), n: Number(r.n) })));
}

/**
 * A staff member's private answer to a rating's comment: kept with the rating (the private page shows it) and mailed
 * to the submitter through the outbox, in the same transaction. No public page reads answers, so nothing is bumped.
 */
export async function answerRating(db: DB, input: { ratingId: number; body: string; userId: number; now?: Date }): Promise<void> {
  const parsed = replySchema.safeParse({ body: input.body });
  if (!parsed.success) throw ValidationError.fromFields({ body: parsed.error.issues[0]?.message ?? "reply_short" });
  const now = input.now ?? new Date();
  await writeTransaction(
    db,
    async (tx) => {
      const r = await tx
        .selectFrom("ratings")
        .innerJoin("initiatives", "initiatives.id", "ratings.initiative_id")
        .select([
          "ratings.id",
          "ratings.comment",
          "initiatives.id as initiative_id",
          "initiatives.code",
          "initiatives.title",
          "initiatives.lang",
          "initiatives.due_on",
          "initiatives.restricted_at",
        ])
        .where("ratings.id", "=", input.ratingId)
        .executeTakeFirst();
      if (!r || r.comment === "") throw new NotFoundError();
      const reply = await tx
        .insertInto("rating_replies")
        .values({ rating_id: r.id, body: parsed.data.body, answered_by: input.userId, answered_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(tx, {
        actorUserId: input.userId,
        action: "rating.reply",
        targetType: "initiative",
        targetId: r.initiative_id,
        details: { ratingId: r.id, replyId: reply.id },
        now,
      });
      // Under a restriction of processing the person gets mail only about their request; the page still shows it.
      if (r.restricted_at !== null) return;
      const author = await tx
        .selectFrom("authors")
        .select("email")
        .where("initiative_id", "=", r.initiative_id)
        .where("position", "=", 0)
        .executeTakeFirst();
      if (!author?.email) return;
      const lang = isLang(r.lang) ? r.lang : "vi";
      await enqueueEmail(
        tx,
        {
          to: author.email,
          dedupeKey: `rating-reply:${reply.id}`,
          ...ratingReplyEmail({
            lang,
            code: r.code,
            title: r.title,
            dueOn: r.due_on,
            trackUrl: `${trackUrl(r.code)}#rating`,
            body: parsed.data.body,
          }),
        },
        now,
      );
    },
    { lockKeys: [`rating:${input.ratingId}`] },
  );
}
