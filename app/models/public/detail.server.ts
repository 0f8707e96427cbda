/** One published initiative's public page and its public attachments. */
import { parseCoAuthorNames } from "../consent/public-names";
import { cardColumns, publishedBase, toCard, type Executor, type PublicCard, type Row } from "./published.server";

export interface PublicAttachment {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

export interface PublicInitiative extends PublicCard {
  problem: string;
  solution: string;
  benefit: string;
  decisionReason: string;
  certificateNumber: string | null;
  /** the co-authors who agreed to be named, in their order */
  coAuthorNames: string[];
  attachments: PublicAttachment[];
}

/** The public version of one published initiative, or null (unknown, unpublished and withdrawn alike). */
export async function getPublishedBySlug(db: Executor, slug: string): Promise<PublicInitiative | null> {
  if (!/^[a-z0-9-]{1,200}$/.test(slug)) return null;
  const row = await cardColumns(publishedBase(db))
    .select(["p.problem as full_problem", "p.solution", "p.benefit", "p.decision_reason", "p.certificate_number", "p.co_author_names"])
    .where("p.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  const attachments = await db
    .selectFrom("attachments")
    .select(["id", "filename", "mime", "size"])
    .where("initiative_id", "=", row.initiative_id)
    .where("is_public", "=", 1)
    .orderBy("id")
    .execute();
  return {
    ...toCard(row as Row),
    problem: row.full_problem,
    solution: row.solution,
    benefit: row.benefit,
    decisionReason: row.decision_reason,
    certificateNumber: row.certificate_number,
    coAuthorNames: parseCoAuthorNames(row.co_author_names),
    attachments,
  };
}

/** A public attachment of a published initiative (both checked), for the download route. */
export async function getPublicAttachment(db: Executor, slug: string, attachmentId: number) {
  return db
    .selectFrom("attachments as f")
    .innerJoin("publications as p", "p.initiative_id", "f.initiative_id")
    .select(["f.id", "f.sha256", "f.filename", "f.mime", "f.size"])
    .where("p.slug", "=", slug)
    .where("f.id", "=", attachmentId)
    .where("f.is_public", "=", 1)
    .executeTakeFirst();
}
