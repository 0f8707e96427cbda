/**
 * Publishes initiatives the way the staff side does: submission (createInitiative), the lifecycle
 * (transition), the council's decision (recordDecision) and publication (publishInitiative).
 * Shared by the public side's integration tests.
 */
import type { DB } from "../../db/client";
import { createInitiative, type SubmissionData } from "~/models/initiative/initiatives.server";
import { transition } from "~/models/initiative/lifecycle.server";
import { recordDecision } from "~/models/council/decisions.server";
import { publishInitiative } from "~/models/publication/publication.server";
import { makeReviewerCopy } from "./review-fixtures";
import type { ProcedureDomain, ReformArea } from "~/models/initiative/taxonomy";

let seq = 0;

export interface FixtureInput {
  title: string;
  problem?: string;
  solution?: string;
  benefit?: string;
  reformArea?: ReformArea;
  procedureDomain?: ProcedureDomain | null;
  confidential?: string;
  authorName?: string;
  authorEmail?: string;
  authorPhone?: string | null;
  consentPublishName?: boolean;
  /** co-authors; the author's share is what they leave of 100 */
  coAuthors?: SubmissionData["coAuthors"];
  submittedAt?: Date;
  decidedAt?: Date;
  publishedAt?: Date;
  levelCode?: string;
  /** stop before publication: the initiative stays "recognised" */
  publish?: boolean;
  /** make the reviewer copy while in screening, as a case really reviewed has one */
  reviewerCopy?: boolean;
}

export async function staffIds(db: DB) {
  const users = await db.selectFrom("users").select(["id", "email"]).execute();
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  return { secretary: id("secretary@example.org"), chair: id("chair@example.org") };
}

export async function submitAndRecognise(db: DB, input: FixtureInput) {
  const n = ++seq;
  const staff = await staffIds(db);
  const submittedAt = input.submittedAt ?? new Date(Date.now() - 40 * 86_400_000);
  const data: SubmissionData = {
    title: input.title,
    reformArea: input.reformArea ?? "procedures",
    procedureDomain: input.procedureDomain ?? null,
    scopeType: "city",
    agencyId: null,
    unitId: null,
    problem: input.problem ?? "Người dân phải đi lại nhiều lần để nộp giấy tờ.",
    solution: input.solution ?? "Tiếp nhận trực tuyến và trả kết quả tại nhà.",
    benefit: input.benefit ?? "Tiết kiệm thời gian cho người dân.",
    appliedBefore: false,
    appliedAt: null,
    confidential: input.confidential ?? "",
    authorType: "individual",
    author: {
      fullName: input.authorName ?? `Tác giả Thử ${n}`,
      email: input.authorEmail ?? `tacgia${n}@example.net`,
      phone: input.authorPhone ?? null,
      organisation: null,
      share: 100 - (input.coAuthors ?? []).reduce((n, c) => n + c.share, 0),
    },
    coAuthors: input.coAuthors ?? [],
    consentData: true,
    consentPublishName: input.consentPublishName ?? false,
    lang: "vi",
  };
  const created = await createInitiative(db, data, [], { submitKey: `fixture-${n}-${Date.now()}`, now: submittedAt });
  const step = (days: number) => new Date(submittedAt.getTime() + days * 86_400_000);
  await transition(db, { initiativeId: created.id, to: "screening", actor: "secretary", actorUserId: staff.secretary, now: step(1) });
  if (input.reviewerCopy) await makeReviewerCopy(db, created.id, staff.secretary);
  await transition(db, { initiativeId: created.id, to: "in_review", actor: "secretary", actorUserId: staff.secretary, now: step(2) });
  await transition(db, { initiativeId: created.id, to: "council", actor: "system", now: step(3) });
  const level = await db
    .selectFrom("commendation_levels")
    .select("id")
    .where("code", "=", input.levelCode ?? "certificate")
    .executeTakeFirstOrThrow();
  const { version } = await db.selectFrom("initiatives").select("version").where("id", "=", created.id).executeTakeFirstOrThrow();
  const decided = await recordDecision(db, {
    initiativeId: created.id,
    expectedVersion: version,
    actorUserId: staff.chair,
    outcome: "recognised",
    membersPresent: 9,
    votesFor: 8,
    votesAgainst: 1,
    votesAbstain: 0,
    reason: "Giải pháp mới, khả thi, có thể nhân rộng tại các xã, phường của Thành phố.",
    commendationLevelId: level.id,
    now: input.decidedAt ?? step(20),
  });
  return { id: created.id, code: created.code, certificateNumber: decided.certificateNumber!, staff };
}

export async function publishFixture(db: DB, input: FixtureInput & { publicAttachmentIds?: number[] }) {
  const r = await submitAndRecognise(db, input);
  const { version } = await db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
  const p = await db
    .selectFrom("initiatives")
    .select(["title", "problem", "solution", "benefit"])
    .where("id", "=", r.id)
    .executeTakeFirstOrThrow();
  const published = await publishInitiative(db, {
    initiativeId: r.id,
    expectedVersion: version,
    actorUserId: r.staff.secretary,
    actor: "secretary",
    title: p.title,
    problem: p.problem,
    solution: p.solution,
    benefit: p.benefit,
    publicAttachmentIds: input.publicAttachmentIds ?? [],
    now: input.publishedAt ?? new Date(),
  });
  return { ...r, slug: published.slug };
}

/** Every <a href> slug of an initiative in a page, in order. */
export function slugsIn(html: string): string[] {
  return [...html.matchAll(/href="\/initiatives\/([a-z0-9-]+)"/g)].map((m) => m[1]);
}

/**
 * Many publications at once, written straight into the tables as the demo seed does (no lifecycle, no
 * mail): for tests that need more rows than the list's count cap.
 */
let bulkBatch = 0;

export async function bulkPublish(db: DB, n: number, make: (i: number) => { title: string; problem: string }) {
  const now = Date.now();
  const batch = ++bulkBatch;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) {
      const at = new Date(now - (i + 1) * 60_000).toISOString();
      const { title, problem } = make(i);
      const row = await trx
        .insertInto("initiatives")
        .values({
          code: `SK-${2030 + batch}-${String(i + 1).padStart(6, "0")}`,
          submit_key: `bulk-${batch}-${i}-${now}`,
          status: "published",
          title,
          reform_area: "procedures",
          procedure_domain: null,
          scope_type: "city",
          agency_id: null,
          unit_id: null,
          problem,
          solution: "Giải pháp.",
          benefit: "Lợi ích.",
          applied_before: 0,
          applied_at: null,
          confidential: "",
          author_type: "individual",
          consent_data: 1,
          consent_publish_name: 0,
          lang: "vi",
          submitted_at: at,
          due_on: at.slice(0, 10),
          decided_at: at,
          updated_at: at,
          search_text: "",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("publications")
        .values({
          initiative_id: row.id,
          slug: `bulk-${batch}-${i}-${row.id}`,
          title,
          problem,
          solution: "Giải pháp.",
          benefit: "Lợi ích.",
          author_name: null,
          reform_area: "procedures",
          procedure_domain: null,
          scope_type: "city",
          agency_id: null,
          unit_id: null,
          decided_at: at,
          decision_reason: "Lý do.",
          commendation_level_id: null,
          certificate_number: null,
          published_at: at,
          published_by: null,
          search_text: "",
        })
        .execute();
    }
  });
}
