/**
 * Publication of a recognised initiative: a public version whose texts the secretary or the chair may
 * edit without touching the submitted originals; the author's name only with consent; the confidential
 * field never; each file public or not. `publishInitiative` is the one way in, so anything fed from
 * publications (search index, statistics) hooks in there, inside the same transaction.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { publishedEmail } from "../../../emails/review-messages";
import { isLang } from "../../i18n/index";
import { getEnv, publicUrl } from "../../utils/env.server";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { cleanLine, cleanText, fold, slugify } from "../../utils/text";
import { getDecision } from "../council/decisions.server";
import { searchTextOf } from "../initiative/initiatives.server";
import { searchColumns } from "../public/search-index.server";
import { trackUrl, transition } from "../initiative/lifecycle.server";
import { isRestricted } from "../privacy/restriction.server";
import { publicNames } from "../consent/consents.server";
import { personalDataIn, publicationPath, TEXT_MAX, TITLE_MAX, type Publisher } from "./publication-rules";

type Executor = Kysely<Database> | Transaction<Database>;

export { publicationPath, TEXT_MAX, TITLE_MAX };

const text = (min: number, max: number) =>
  z
    .string()
    .transform((v) => cleanText(v).trim())
    .refine((v) => v.length >= min, { message: "required" })
    .refine((v) => v.length <= max, { message: "too_long" });

export const publicationFormSchema = z.object({
  version: z.string().regex(/^\d+$/, "stale").transform(Number),
  title: z
    .string()
    .transform(cleanLine)
    .refine((v) => v.length >= 5, { message: "required" })
    .refine((v) => v.length <= TITLE_MAX, { message: "too_long" }),
  problem: text(1, TEXT_MAX),
  solution: text(1, TEXT_MAX),
  benefit: text(1, TEXT_MAX),
  publicAttachmentIds: z.array(z.string().regex(/^\d+$/).transform(Number)).default([]),
});

export type PublicationForm = z.output<typeof publicationFormSchema>;

/** The page the secretary or the chair fills in: the originals as the starting point. */
export async function getPublicationDraft(db: Executor, initiativeId: number) {
  const i = await db
    .selectFrom("initiatives")
    .select([
      "id",
      "code",
      "status",
      "version",
      "title",
      "problem",
      "solution",
      "benefit",
      "confidential",
      "consent_publish_name",
      "reform_area",
      "procedure_domain",
      "scope_type",
    ])
    .where("id", "=", initiativeId)
    .executeTakeFirst();
  if (!i) throw new NotFoundError();
  const author = await db
    .selectFrom("authors")
    .select("full_name")
    .where("initiative_id", "=", initiativeId)
    .where("position", "=", 0)
    .executeTakeFirst();
  const attachments = await db
    .selectFrom("attachments")
    .select(["id", "filename", "mime", "size", "purpose", "is_public"])
    .where("initiative_id", "=", initiativeId)
    .orderBy("id")
    .execute();
  const publication = await db
    .selectFrom("publications")
    .select(["slug", "published_at"])
    .where("initiative_id", "=", initiativeId)
    .executeTakeFirst();
  return {
    initiative: i,
    /** what the public page will name: the author only with consent */
    publicAuthorName: i.consent_publish_name === 1 ? (author?.full_name ?? null) : null,
    hasConfidential: i.confidential.trim().length > 0,
    attachments,
    decision: await getDecision(db, initiativeId),
    publication: publication ?? null,
  };
}

export interface PublishInput {
  initiativeId: number;
  expectedVersion: number;
  actorUserId: number;
  /** the role acting: both may publish (lifecycle.ts; `publicationActor` picks it from a user's roles) */
  actor: Publisher;
  title: string;
  problem: string;
  solution: string;
  benefit: string;
  /** ids of this initiative's attachments to make public; every other one becomes (or stays) private */
  publicAttachmentIds: number[];
  now?: Date;
}

export interface PublishResult {
  slug: string;
  eventId: number;
}

/** The confidential text must not reach the public page, found in folded text so "Nguyen" catches "Nguyễn". */
function leaks(publicText: string, secret: string, minLength: number): boolean {
  const s = fold(secret).replace(/\s+/g, " ").trim();
  return s.length >= minLength && fold(publicText).replace(/\s+/g, " ").includes(s);
}

export async function publishInitiative(db: Kysely<Database>, input: PublishInput): Promise<PublishResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const title = cleanLine(input.title);
  const problem = cleanText(input.problem).trim();
  const solution = cleanText(input.solution).trim();
  const benefit = cleanText(input.benefit).trim();
  if (!title || !problem || !solution || !benefit) throw new ValidationError("required");

  return db.transaction().execute(async (trx) => {
    // The row is locked before the consents are read (PostgreSQL): a withdrawal of a name under way finishes
    // first, and one that starts now waits and then finds this publication to rewrite (consents.server.ts).
    await trx.updateTable("initiatives").set({ updated_at: at }).where("id", "=", input.initiativeId).execute();
    const i = await trx.selectFrom("initiatives").selectAll().where("id", "=", input.initiativeId).executeTakeFirst();
    if (!i) throw new NotFoundError();
    const decision = await trx.selectFrom("decisions").selectAll().where("initiative_id", "=", i.id).executeTakeFirst();
    if (!decision || decision.outcome !== "recognised")
      throw new InvalidTransitionError("transition_refused", { from: i.status, to: "published" });
    const authors = await trx
      .selectFrom("authors")
      .select(["position", "full_name", "email", "phone", "organisation"])
      .where("initiative_id", "=", i.id)
      .orderBy("position")
      .execute();

    // The editor may rewrite the texts; these guards keep an edit from carrying what must stay private.
    const published = [title, problem, solution, benefit].join("\n");
    if (leaks(published, i.confidential, 10)) throw new ValidationError("contains_confidential");
    // Every author and co-author; a name only when its person did not consent to be named.
    const names = await publicNames(trx, i.id);
    const named = (a: (typeof authors)[number]) =>
      a.position === 0 ? names.authorName === a.full_name : names.coAuthorNames.includes(a.full_name);
    const people = authors.map((a) => ({
      fullName: named(a) ? null : a.full_name,
      email: a.email,
      phone: a.phone,
      organisation: a.organisation,
    }));
    const allowed = authors.filter(named).map((a) => a.full_name);
    if (personalDataIn(published, people, allowed)) throw new ValidationError("contains_personal_data");

    const slug = `${slugify(title, 70) || "sang-kien"}-${i.id}`;
    // Ids from another initiative are ignored by the WHERE below.
    const chosen = input.publicAttachmentIds.filter((n) => Number.isInteger(n));
    const moved = await transition(trx, {
      initiativeId: i.id,
      to: "published",
      actor: input.actor,
      actorUserId: input.actorUserId,
      expectedVersion: input.expectedVersion,
      kind: "published",
      visibility: "submitter",
      notify: false,
      audit: {
        action: "publication.publish",
        details: {
          slug,
          authorNamed: names.authorName !== null,
          coAuthorsNamed: names.coAuthorNames.length,
          publicAttachmentIds: chosen,
          edited: {
            title: title !== i.title,
            problem: problem !== i.problem,
            solution: solution !== i.solution,
            benefit: benefit !== i.benefit,
          },
        },
      },
      now,
    });

    const author = authors.find((a) => a.position === 0);
    await trx
      .insertInto("publications")
      .values({
        initiative_id: i.id,
        slug,
        title,
        problem,
        solution,
        benefit,
        author_name: names.authorName,
        co_author_names: JSON.stringify(names.coAuthorNames),
        reform_area: i.reform_area,
        procedure_domain: i.procedure_domain,
        scope_type: i.scope_type,
        agency_id: i.agency_id,
        unit_id: i.unit_id,
        decided_at: decision.decided_at,
        decision_reason: decision.reason,
        commendation_level_id: decision.commendation_level_id,
        certificate_number: decision.certificate_number,
        published_at: at,
        published_by: input.actorUserId,
        search_text: searchTextOf([title, problem, solution, benefit]),
        ...searchColumns({
          title,
          problem,
          solution,
          benefit,
          reformArea: i.reform_area,
          procedureDomain: i.procedure_domain,
          authorNames: [...(names.authorName ? [names.authorName] : []), ...names.coAuthorNames],
        }),
      })
      .execute();

    // Files: exactly the chosen ones are public.
    await trx.updateTable("attachments").set({ is_public: 0 }).where("initiative_id", "=", i.id).execute();
    if (chosen.length > 0) {
      await trx.updateTable("attachments").set({ is_public: 1 }).where("initiative_id", "=", i.id).where("id", "in", chosen).execute();
    }

    // Hooks for what is fed from publications (full-text index, statistics) go here, in this transaction.

    if (author?.email && !(await isRestricted(trx, i.id))) {
      const lang = isLang(i.lang) ? i.lang : "vi";
      await enqueueEmail(
        trx,
        {
          to: author.email,
          dedupeKey: `published:${i.id}`,
          ...publishedEmail({
            lang,
            code: i.code,
            title,
            trackUrl: trackUrl(i.code),
            publicUrl: `${publicUrl(getEnv())}${publicationPath(slug)}`,
          }),
        },
        now,
      );
    }

    return { slug, eventId: moved.eventId };
  });
}
