/**
 * Consent records (docs/decisions/026-consent-records.md). Each consent a person gives or refuses on the
 * submission form is a row: the notice version in force, the purpose, given or not, when, which initiative and
 * which person (0 the submitter, n co-author n). A withdrawal from the private tracking page adds a row; nothing
 * is updated in place, so the rows are the proof of what was agreed when. A person's current consent for a
 * purpose is their latest row.
 *
 * What the public sees of names is kept in the publication (`author_name`, `co_author_names`): a withdrawal
 * rewrites those in the same transaction, so the public page, the feed, open data and the certificate drop
 * the name on the next request.
 */
import { reindexPublication } from "../public/search-index.server";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { PRIVACY_NOTICE_VERSION } from "../../domain/privacy";
import { audit } from "../audit/audit.server";
import { NotFoundError } from "../errors";
import { personalDataIn } from "../publication/publication-rules";
import { redactWords } from "./redact-name";
import { fold, slugify } from "../../utils/text";

type Executor = Kysely<Database> | Transaction<Database>;

export type ConsentPurpose = "processing" | "publish_name";

/** The consents a submission carries: the submitter's to processing and to their name, each co-author's to theirs. */
export interface SubmittedConsents {
  processing: true;
  authorName: boolean;
  /** in co-author order (position 1, 2, …) */
  coAuthorNames: boolean[];
}

/** The rows of a new submission, written in its transaction. */
export async function recordSubmissionConsents(trx: Executor, initiativeId: number, consents: SubmittedConsents, at: string) {
  const row = (position: number, purpose: ConsentPurpose, given: boolean) => ({
    initiative_id: initiativeId,
    author_position: position,
    purpose,
    given: given ? 1 : 0,
    notice_version: PRIVACY_NOTICE_VERSION,
    at,
    source: "submission" as const,
  });
  await trx
    .insertInto("consents")
    .values([
      row(0, "processing", consents.processing),
      row(0, "publish_name", consents.authorName),
      ...consents.coAuthorNames.map((given, i) => row(i + 1, "publish_name", given)),
    ])
    .execute();
}

export interface PersonConsent {
  position: number;
  fullName: string;
  purpose: ConsentPurpose;
  given: boolean;
  at: string;
  noticeVersion: string;
  source: "submission" | "withdrawal" | "migration";
  /** when the consent was given before its withdrawal (only for withdrawn ones) */
  givenAt: string | null;
}

/** Every person's current consent per purpose, in person order (the submitter's processing consent first). */
export async function currentConsents(db: Executor, initiativeId: number): Promise<PersonConsent[]> {
  const [rows, authors] = await Promise.all([
    db
      .selectFrom("consents")
      .select(["author_position", "purpose", "given", "at", "notice_version", "source"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("id")
      .execute(),
    db.selectFrom("authors").select(["position", "full_name"]).where("initiative_id", "=", initiativeId).orderBy("position").execute(),
  ]);
  const latest = new Map<string, PersonConsent>();
  for (const r of rows) {
    const key = `${r.author_position}:${r.purpose}`;
    const before = latest.get(key);
    const name = authors.find((a) => a.position === r.author_position)?.full_name ?? "";
    latest.set(key, {
      position: r.author_position,
      fullName: name,
      purpose: r.purpose,
      given: r.given === 1,
      at: r.at,
      noticeVersion: r.notice_version,
      source: r.source,
      givenAt: r.given === 1 ? null : before?.given ? before.at : (before?.givenAt ?? null),
    });
  }
  return [...latest.values()].sort((a, b) => a.position - b.position || (a.purpose === "processing" ? -1 : 1));
}

/** The names the public may see: the submitter's (or null) and the consenting co-authors', in order. */
export async function publicNames(db: Executor, initiativeId: number): Promise<{ authorName: string | null; coAuthorNames: string[] }> {
  const named = (await currentConsents(db, initiativeId)).filter((c) => c.purpose === "publish_name" && c.given && c.fullName);
  return {
    authorName: named.find((c) => c.position === 0)?.fullName ?? null,
    coAuthorNames: named.filter((c) => c.position > 0).map((c) => c.fullName),
  };
}

/** What the public text says instead of a name withdrawn after publication. */
export const ANONYMOUS_AUTHOR_VI = "Tác giả ẩn danh";

/**
 * Withdraws one person's consent to publishing their name, at once: a row, the initiative's flag for the
 * submitter, the publication's names (and any mention of the name in its texts, which the consent had allowed),
 * a history event the submitter and staff see, and an audit row; all in one transaction. Withdrawing what is
 * not given changes nothing and says so (`changed: false`).
 */
export async function withdrawNameConsent(
  db: Kysely<Database>,
  input: { initiativeId: number; position: number; now?: Date },
): Promise<{ changed: boolean; textsRedacted: boolean }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  return writeTransaction(
    db,
    async (trx) => {
      // The initiative's row first: on PostgreSQL this waits for a publication under way (which updates the
      // same row before it reads the consents), so the publication this reads below is the one it wrote.
      await trx.updateTable("initiatives").set({ updated_at: at }).where("id", "=", input.initiativeId).execute();
      const consents = await currentConsents(trx, input.initiativeId);
      const person = consents.find((c) => c.position === input.position && c.purpose === "publish_name");
      if (!person) throw new NotFoundError();
      if (!person.given) return { changed: false, textsRedacted: false };

      await trx
        .insertInto("consents")
        .values({
          initiative_id: input.initiativeId,
          author_position: input.position,
          purpose: "publish_name",
          given: 0,
          notice_version: PRIVACY_NOTICE_VERSION,
          at,
          source: "withdrawal",
        })
        .execute();
      if (input.position === 0) {
        await trx.updateTable("initiatives").set({ consent_publish_name: 0 }).where("id", "=", input.initiativeId).execute();
      }
      const textsRedacted = await refreshPublicationNames(trx, input.initiativeId, person.fullName);
      await trx
        .insertInto("events")
        .values({
          initiative_id: input.initiativeId,
          at,
          actor_type: "submitter",
          actor_user_id: null,
          from_status: null,
          to_status: null,
          kind: "consent_withdrawn",
          message: person.fullName,
          visibility: "submitter",
        })
        .execute();
      await audit(trx, {
        actorUserId: null,
        action: "consent.withdraw",
        targetType: "initiative",
        targetId: input.initiativeId,
        details: {
          purpose: "publish_name",
          authorPosition: input.position,
          published: textsRedacted !== null,
          textsRedacted: !!textsRedacted,
        },
        now,
      });
      return { changed: true, textsRedacted: !!textsRedacted };
    },
    { lockKeys: [`initiative:${input.initiativeId}`] },
  );
}

/**
 * Rewrites a publication's names from the current consents, and takes the withdrawn name out of its texts
 * (the consent had let the editor keep it there). Returns null when there is no publication, else whether a
 * text changed.
 */
async function refreshPublicationNames(trx: Executor, initiativeId: number, withdrawnName: string): Promise<boolean | null> {
  const p = await trx
    .selectFrom("publications")
    .select(["title", "problem", "solution", "benefit"])
    .where("initiative_id", "=", initiativeId)
    .executeTakeFirst();
  if (!p) return null;
  const names = await publicNames(trx, initiativeId);
  const texts = { title: p.title, problem: p.problem, solution: p.solution, benefit: p.benefit };
  const redacted = Object.fromEntries(
    Object.entries(texts).map(([k, v]) => [
      k,
      personalDataIn(v, [{ fullName: withdrawnName }]) ? redactWords(v, withdrawnName, ANONYMOUS_AUTHOR_VI) : v,
    ]),
  ) as typeof texts;
  const changed = Object.keys(texts).some((k) => texts[k as keyof typeof texts] !== redacted[k as keyof typeof texts]);
  await trx
    .updateTable("publications")
    .set({
      author_name: names.authorName,
      co_author_names: JSON.stringify(names.coAuthorNames),
      // The slug is made from the title: a name in the title is in the address too, so that changes with it.
      ...(changed
        ? { ...redacted, search_text: fold([redacted.title, redacted.problem, redacted.solution, redacted.benefit].join(" \n ")) }
        : {}),
      ...(redacted.title !== texts.title ? { slug: `${slugify(redacted.title, 70) || "sang-kien"}-${initiativeId}` } : {}),
    })
    .where("initiative_id", "=", initiativeId)
    .execute();
  // The search index holds the published names too: it follows in the same transaction.
  await reindexPublication(trx, initiativeId);
  return changed;
}

/** What the private tracking page shows of the consents (the submitter's own data, behind the private link). */
export async function consentView(db: Executor, initiativeId: number) {
  return (await currentConsents(db, initiativeId)).map((c) => ({
    position: c.position,
    name: c.fullName,
    purpose: c.purpose,
    given: c.given,
    at: c.at,
    givenAt: c.givenAt,
    noticeVersion: c.noticeVersion,
    withdrawn: c.source === "withdrawal",
  }));
}

export type ConsentView = Awaited<ReturnType<typeof consentView>>;
