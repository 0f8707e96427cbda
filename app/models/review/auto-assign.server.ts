/**
 * The automatic assignment against the database: which cases wait, who may review them, then the solver
 * (./auto-assign.ts), then, once the secretary has confirmed or edited the proposal, the usual assignment
 * (screening.server.ts: same emails, due dates and audit rows) for every case in one write transaction.
 *
 * Blind review: the exclusions are computed here, on the server, and only the secretary's page shows them
 * ("same organisation"); nothing of it reaches a reviewer. See docs/decisions/022-automatic-reviewer-assignment.md.
 */
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { NotFoundError, ValidationError } from "../errors";
import { isRole, seesIdentities } from "../../utils/permissions";
import { fold } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "../initiative/taxonomy";
import { addReviewersIn, assignReviewersIn, AssignmentError, defaultReviewDueOn, MIN_REVIEWERS } from "../screening/screening.server";
import {
  autoAssign,
  pairCost,
  seededRandomInt,
  type CaseInput,
  type Exclusion,
  type ExclusionReason,
  type Infeasible,
  type ReviewerInput,
} from "./auto-assign";

type Executor = Kysely<Database> | Transaction<Database>;

export const DEFAULT_CAP = 0.5;
export const DEFAULT_MAX_OPEN_REVIEWS = 5;

export interface WaitingCase extends CaseInput {
  code: string;
  title: string;
  version: number;
  status: "screening" | "in_review";
  agencyId: number | null;
  submittedAt: string;
}

/**
 * Cases waiting for reviewers: in screening (they need MIN_REVIEWERS), or in review with fewer active
 * reviewers than that (after a conflict). The longest-waiting first.
 */
export async function waitingCases(db: Executor, onlyId?: number): Promise<WaitingCase[]> {
  const rows = await db
    .selectFrom("initiatives")
    .select(["id", "code", "title", "version", "status", "reform_area", "procedure_domain", "agency_id", "submitted_at"])
    .where("status", "in", ["screening", "in_review"])
    .$if(onlyId !== undefined, (q) => q.where("id", "=", onlyId!))
    .orderBy("submitted_at")
    .orderBy("id")
    .execute();
  if (rows.length === 0) return [];
  const active = await db
    .selectFrom("assignments")
    .select(["initiative_id", "status"])
    .where(
      "initiative_id",
      "in",
      rows.map((r) => r.id),
    )
    .where("status", "!=", "conflict")
    .execute();
  const count = new Map<number, number>();
  for (const a of active) count.set(a.initiative_id, (count.get(a.initiative_id) ?? 0) + 1);
  return rows
    .map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      version: r.version,
      status: r.status as "screening" | "in_review",
      area: r.reform_area,
      domain: r.procedure_domain,
      agencyId: r.agency_id,
      submittedAt: r.submitted_at,
      need: r.status === "screening" ? MIN_REVIEWERS : Math.max(0, MIN_REVIEWERS - (count.get(r.id) ?? 0)),
    }))
    .filter((c) => c.need > 0);
}

export interface Candidate extends ReviewerInput {
  name: string;
  agencyId: number | null;
  agencyFolded: string | null;
}

/** Open reviews per reviewer: assigned, on an initiative still in review (as users.server `openReviewCount`). */
async function openLoads(db: Executor, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
    .select(["assignments.reviewer_id"])
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("assignments.reviewer_id", "in", ids)
    .where("assignments.status", "=", "assigned")
    .where("initiatives.status", "=", "in_review")
    .groupBy("assignments.reviewer_id")
    .execute();
  return new Map(rows.map((r) => [r.reviewer_id, Number(r.n)]));
}

/** Active reviewers who review blind (no role that sees identities), with expertise, limit and load. */
export async function candidates(db: Executor): Promise<Candidate[]> {
  const users = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select(["users.id", "users.name", "users.max_open_reviews", "users.agency_id", "agencies.name_folded as agency_folded"])
    .where("user_roles.role", "=", "reviewer")
    .where("users.active", "=", 1)
    .orderBy("users.id")
    .execute();
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [roles, expertise, loads] = await Promise.all([
    db.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", ids).execute(),
    db.selectFrom("reviewer_expertise").select(["user_id", "kind", "code"]).where("user_id", "in", ids).execute(),
    openLoads(db, ids),
  ]);
  return users
    .filter(
      (u) =>
        !seesIdentities(
          roles
            .filter((r) => r.user_id === u.id)
            .map((r) => r.role)
            .filter(isRole),
        ),
    )
    .map((u) => ({
      id: u.id,
      name: u.name,
      load: loads.get(u.id) ?? 0,
      maxLoad: u.max_open_reviews,
      areas: expertise.filter((e) => e.user_id === u.id && e.kind === "area").map((e) => e.code),
      domains: expertise.filter((e) => e.user_id === u.id && e.kind === "domain").map((e) => e.code),
      agencyId: u.agency_id,
      agencyFolded: u.agency_folded,
    }));
}

/** Pairs that must never meet: a declared conflict, already on the case, or the same organisation. */
export async function exclusionsFor(db: Executor, cases: readonly WaitingCase[], reviewers: readonly Candidate[]): Promise<Exclusion[]> {
  if (cases.length === 0 || reviewers.length === 0) return [];
  const caseIds = cases.map((c) => c.id);
  const [conflicts, assigned, authors] = await Promise.all([
    db.selectFrom("conflicts").select(["initiative_id", "reviewer_id"]).where("initiative_id", "in", caseIds).execute(),
    // Any earlier assignment, a declared conflict's included: that reviewer is not asked again.
    db.selectFrom("assignments").select(["initiative_id", "reviewer_id"]).where("initiative_id", "in", caseIds).execute(),
    db
      .selectFrom("authors")
      .select(["initiative_id", "organisation"])
      .where("initiative_id", "in", caseIds)
      .where("organisation", "is not", null)
      .execute(),
  ]);
  const out: Exclusion[] = [];
  for (const c of conflicts) out.push({ caseId: c.initiative_id, reviewerId: c.reviewer_id, reason: "conflict" });
  for (const a of assigned) out.push({ caseId: a.initiative_id, reviewerId: a.reviewer_id, reason: "already_assigned" });
  const orgs = new Map<number, Set<string>>();
  for (const a of authors) {
    const f = fold(a.organisation ?? "")
      .replace(/\s+/g, " ")
      .trim();
    if (f) orgs.set(a.initiative_id, (orgs.get(a.initiative_id) ?? new Set()).add(f));
  }
  for (const c of cases) {
    for (const r of reviewers) {
      if (r.agencyId === null) continue;
      const sameAgency = c.agencyId !== null && c.agencyId === r.agencyId;
      const authorsThere = r.agencyFolded !== null && (orgs.get(c.id)?.has(r.agencyFolded.replace(/\s+/g, " ").trim()) ?? false);
      if (sameAgency || authorsThere) out.push({ caseId: c.id, reviewerId: r.id, reason: "same_organisation" });
    }
  }
  return out;
}

export interface ProposedReviewer {
  id: number;
  name: string;
  areaMatch: boolean;
  domainMatch: boolean;
  loadBefore: number;
  loadAfter: number;
  maxLoad: number;
  probability: number | null;
}

export interface ProposedCase {
  id: number;
  code: string;
  title: string;
  version: number;
  status: "screening" | "in_review";
  area: string;
  domain: string | null;
  need: number;
  reviewers: ProposedReviewer[];
  /** everyone the secretary may pick instead (not excluded, below their limit now), with the reason for the others */
  options: { id: number; name: string; load: number; maxLoad: number; excluded: ExclusionReason | "full" | null }[];
}

export interface Proposal {
  mode: "deterministic" | "randomised";
  cap: number | null;
  seed: string | null;
  /** the audit row that recorded this proposal */
  auditId: number | null;
  cases: ProposedCase[];
  infeasible: (Infeasible & { code: string; title: string })[];
  dueOn: string;
}

export interface ProposeInput {
  actorUserId: number;
  initiativeId?: number;
  randomised?: boolean;
  cap?: number;
  /** only for tests: a fixed seed (hex); otherwise 128 bits from the CSPRNG */
  seed?: string;
  now?: Date;
}

/**
 * Computes a proposal; assigns nothing. A randomised proposal is audited with its cap and seed, so anyone
 * reading the log can replay the draw, and a run of redraws until a wished-for reviewer appears shows there.
 */
export async function proposeAssignment(db: Kysely<Database>, input: ProposeInput): Promise<Proposal> {
  const now = input.now ?? new Date();
  const cases = await waitingCases(db, input.initiativeId);
  const reviewers = await candidates(db);
  const exclusions = await exclusionsFor(db, cases, reviewers);
  const randomised = Boolean(input.randomised);
  const cap = randomised ? (input.cap ?? DEFAULT_CAP) : null;
  if (cap !== null && !(cap > 0 && cap <= 1)) throw new ValidationError("bad_cap");
  const seed = randomised ? (input.seed ?? randomBytes(16).toString("hex")) : null;
  const result = autoAssign(cases, reviewers, exclusions, randomised ? { cap: cap!, randomInt: seededRandomInt(seed!) } : {});

  const { byCase, view } = buildView(cases, reviewers, exclusions, result.pairs);
  let auditId: number | null = null;
  if (randomised) {
    await db.transaction().execute(async (trx) => {
      await audit(trx, {
        actorUserId: input.actorUserId,
        action: "assignment.auto_propose",
        targetType: input.initiativeId ? "initiative" : "assignment_batch",
        targetId: input.initiativeId ?? "all",
        details: {
          mode: "randomised",
          cap,
          seed,
          cases: result.pairs.length ? [...byCase.keys()] : [],
          pairs: result.pairs.map((p) => [p.caseId, p.reviewerId]),
        },
        now,
      });
      const row = await trx
        .selectFrom("audit_log")
        .select("id")
        .where("action", "=", "assignment.auto_propose")
        .where("actor_user_id", "=", input.actorUserId)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      auditId = row?.id ?? null;
    });
  }

  const caseById = new Map(cases.map((c) => [c.id, c]));
  return {
    mode: randomised ? "randomised" : "deterministic",
    cap,
    seed,
    auditId,
    dueOn: await defaultReviewDueOn(db, now),
    cases: view,
    infeasible: result.infeasible.map((i) => ({ ...i, code: caseById.get(i.caseId)!.code, title: caseById.get(i.caseId)!.title })),
  };
}

function buildView(
  cases: readonly WaitingCase[],
  reviewers: readonly Candidate[],
  exclusions: readonly Exclusion[],
  pairs: readonly { caseId: number; reviewerId: number; probability?: number }[],
): { byCase: Map<number, ProposedReviewer[]>; view: ProposedCase[] } {
  const revById = new Map(reviewers.map((r) => [r.id, r]));
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const excludedWhy = new Map(exclusions.map((x) => [`${x.caseId}:${x.reviewerId}`, x.reason]));
  const added = new Map<number, number>();
  const byCase = new Map<number, ProposedReviewer[]>();
  for (const p of pairs) {
    const r = revById.get(p.reviewerId);
    const c = caseById.get(p.caseId);
    if (!r || !c) continue;
    added.set(r.id, (added.get(r.id) ?? 0) + 1);
    const m = pairCost(c, r);
    const list = byCase.get(p.caseId) ?? [];
    list.push({
      id: r.id,
      name: r.name,
      areaMatch: m.areaMatch,
      domainMatch: m.domainMatch,
      loadBefore: r.load,
      loadAfter: 0,
      maxLoad: r.maxLoad,
      probability: p.probability ?? null,
    });
    byCase.set(p.caseId, list);
  }
  // "Load after" is the reviewer's load once the whole proposal is confirmed.
  for (const list of byCase.values()) for (const p of list) p.loadAfter = p.loadBefore + (added.get(p.id) ?? 0);
  const view = cases
    .filter((c) => byCase.has(c.id))
    .map((c) => ({
      id: c.id,
      code: c.code,
      title: c.title,
      version: c.version,
      status: c.status,
      area: c.area,
      domain: c.domain,
      need: c.need,
      reviewers: byCase.get(c.id)!,
      options: reviewers.map((r) => ({
        id: r.id,
        name: r.name,
        load: r.load,
        maxLoad: r.maxLoad,
        excluded: excludedWhy.get(`${c.id}:${r.id}`) ?? (r.load >= r.maxLoad ? ("full" as const) : null),
      })),
    }));
  return { byCase, view };
}

/**
 * The secretary's edited choice, shown again after a refused confirmation (same layout as a proposal, with the
 * loads and exclusions as they are now), so the form can say what is wrong next to the case.
 */
export async function describeChoice(db: Kysely<Database>, chosen: readonly ConfirmCase[]): Promise<ProposedCase[]> {
  const all = await waitingCases(db);
  const wanted = new Set(chosen.map((c) => c.initiativeId));
  const cases = all.filter((c) => wanted.has(c.id));
  const reviewers = await candidates(db);
  const exclusions = await exclusionsFor(db, cases, reviewers);
  const pairs = chosen.flatMap((c) => [...new Set(c.reviewerIds)].map((reviewerId) => ({ caseId: c.initiativeId, reviewerId })));
  return buildView(cases, reviewers, exclusions, pairs).view;
}

// ---------------------------------------------------------------------------------------------
// Confirmation

export interface ConfirmCase {
  initiativeId: number;
  version: number;
  reviewerIds: number[];
}

export interface ConfirmInput {
  actorUserId: number;
  cases: ConfirmCase[];
  dueOn?: string;
  mode: "deterministic" | "randomised";
  cap: number | null;
  seed: string | null;
  proposalAuditId: number | null;
  /** pairs the proposal held, to record what the secretary changed */
  proposed: [number, number][];
  now?: Date;
}

/** Why a confirmation was refused: the page says which case and which reviewer. */
export class AutoAssignError extends ValidationError {
  constructor(
    public readonly problem: "stale_case" | "over_load" | "excluded" | "too_few" | "not_reviewer" | "nothing" | "no_reviewer_copy",
    public readonly initiativeId?: number,
    public readonly reviewerId?: number,
    public readonly detail?: { reason?: ExclusionReason; load?: number; maxLoad?: number; need?: number },
  ) {
    super(problem);
  }
}

/**
 * Assigns the confirmed proposal, all cases or none, in one write transaction through the usual assignment
 * (emails, due dates, audit rows per assignment), after checking that nothing moved meanwhile: each case is
 * still waiting at the version the page showed, every pair is still allowed, and no reviewer goes past their
 * limit with the loads as they are now.
 */
export async function confirmAssignment(db: Kysely<Database>, input: ConfirmInput): Promise<{ assigned: number }> {
  const now = input.now ?? new Date();
  const chosen = input.cases.filter((c) => c.reviewerIds.length > 0);
  if (chosen.length === 0) throw new AutoAssignError("nothing");
  const dueOn = input.dueOn ?? (await defaultReviewDueOn(db, now));
  const reviewerIds = [...new Set(chosen.flatMap((c) => c.reviewerIds))];
  return writeTransaction(
    db,
    async (tx) => {
      const trx = tx as Transaction<Database>;
      const cases = await waitingCases(trx);
      const caseById = new Map(cases.map((c) => [c.id, c]));
      for (const c of chosen) {
        const current = caseById.get(c.initiativeId);
        if (!current || current.version !== c.version) throw new AutoAssignError("stale_case", c.initiativeId);
        if (new Set(c.reviewerIds).size < current.need)
          throw new AutoAssignError("too_few", c.initiativeId, undefined, { need: current.need });
      }
      const reviewers = await candidates(trx);
      const revById = new Map(reviewers.map((r) => [r.id, r]));
      for (const id of reviewerIds) if (!revById.has(id)) throw new AutoAssignError("not_reviewer", undefined, id);
      const exclusions = await exclusionsFor(
        trx,
        chosen.map((c) => caseById.get(c.initiativeId)!),
        reviewers,
      );
      const excluded = new Map(exclusions.map((x) => [`${x.caseId}:${x.reviewerId}`, x.reason]));
      const adding = new Map<number, number>();
      for (const c of chosen) {
        for (const id of new Set(c.reviewerIds)) {
          const why = excluded.get(`${c.initiativeId}:${id}`);
          if (why) throw new AutoAssignError("excluded", c.initiativeId, id, { reason: why });
          adding.set(id, (adding.get(id) ?? 0) + 1);
        }
      }
      for (const [id, n] of adding) {
        const r = revById.get(id)!;
        if (r.load + n > r.maxLoad) throw new AutoAssignError("over_load", undefined, id, { load: r.load, maxLoad: r.maxLoad });
      }
      let assigned = 0;
      for (const c of chosen) {
        const w = caseById.get(c.initiativeId)!;
        const base = {
          initiativeId: c.initiativeId,
          userId: input.actorUserId,
          expectedVersion: c.version,
          now,
          reviewers: [...new Set(c.reviewerIds)].map((reviewerId) => ({ reviewerId, dueOn })),
        };
        try {
          if (w.status === "screening") await assignReviewersIn(trx, base);
          else await addReviewersIn(trx, base);
        } catch (err) {
          // Checked above already; a race the checks missed still refuses the whole confirmation.
          if (err instanceof AssignmentError) {
            if (err.problem === "conflict" || err.problem === "already_assigned") {
              throw new AutoAssignError("excluded", c.initiativeId, err.reviewerId, { reason: err.problem });
            }
            if (err.problem === "at_least_two") throw new AutoAssignError("too_few", c.initiativeId, undefined, { need: w.need });
            if (err.problem === "no_reviewer_copy") throw new AutoAssignError("no_reviewer_copy", c.initiativeId);
            throw new AutoAssignError("not_reviewer", c.initiativeId, err.reviewerId);
          }
          throw err;
        }
        assigned += base.reviewers.length;
      }
      const confirmed = chosen.flatMap((c) => [...new Set(c.reviewerIds)].map((r) => [c.initiativeId, r] as [number, number]));
      const proposedKeys = new Set(input.proposed.map(([c, r]) => `${c}:${r}`));
      const confirmedKeys = new Set(confirmed.map(([c, r]) => `${c}:${r}`));
      await audit(trx, {
        actorUserId: input.actorUserId,
        action: "assignment.auto_confirm",
        targetType: "assignment_batch",
        targetId: input.proposalAuditId ?? "deterministic",
        details: {
          mode: input.mode,
          cap: input.cap,
          seed: input.seed,
          proposalAuditId: input.proposalAuditId,
          pairs: confirmed,
          // What the secretary changed from the proposal: the log shows a hand steering the draw.
          added: confirmed.filter(([c, r]) => !proposedKeys.has(`${c}:${r}`)),
          removed: input.proposed.filter(([c, r]) => !confirmedKeys.has(`${c}:${r}`) && chosen.some((x) => x.initiativeId === c)),
        },
        now,
      });
      return { assigned };
    },
    // Two confirmations at once must not both fill the same reviewer's last slot.
    { lockKeys: reviewerIds.map((id) => `reviewer-load:${id}`) },
  );
}

// ---------------------------------------------------------------------------------------------
// Reviewer profiles (the administrator's side)

export interface ReviewerProfile {
  userId: number;
  areas: string[];
  domains: string[];
  maxOpenReviews: number;
  agencyId: number | null;
}

export async function listReviewerProfiles(db: Executor): Promise<Map<number, ReviewerProfile>> {
  const [users, expertise] = await Promise.all([
    db.selectFrom("users").select(["id", "max_open_reviews", "agency_id"]).execute(),
    db.selectFrom("reviewer_expertise").select(["user_id", "kind", "code"]).orderBy("code").execute(),
  ]);
  return new Map(
    users.map((u) => [
      u.id,
      {
        userId: u.id,
        maxOpenReviews: u.max_open_reviews,
        agencyId: u.agency_id,
        areas: expertise.filter((e) => e.user_id === u.id && e.kind === "area").map((e) => e.code),
        domains: expertise.filter((e) => e.user_id === u.id && e.kind === "domain").map((e) => e.code),
      },
    ]),
  );
}

export const MAX_OPEN_REVIEWS_LIMIT = 100;

/** Parses the administrator's form; error codes per field (`max`, `agency`, `areas`, `domains`). */
export function parseReviewerProfile(
  form: FormData,
  agencyIds: ReadonlySet<number>,
):
  | { ok: true; data: Omit<ReviewerProfile, "userId"> }
  | { ok: false; errors: Record<string, "max_invalid" | "agency_invalid" | "area_invalid" | "domain_invalid"> } {
  const errors: Record<string, "max_invalid" | "agency_invalid" | "area_invalid" | "domain_invalid"> = {};
  const rawMax = String(form.get("maxOpenReviews") ?? "").trim();
  const max = Number(rawMax);
  if (!/^\d{1,3}$/.test(rawMax) || max > MAX_OPEN_REVIEWS_LIMIT) errors.max = "max_invalid";
  const rawAgency = String(form.get("agencyId") ?? "").trim();
  const agencyId = rawAgency === "" ? null : Number(rawAgency);
  if (agencyId !== null && !(Number.isInteger(agencyId) && agencyIds.has(agencyId))) errors.agency = "agency_invalid";
  const areas = [...new Set(form.getAll("area").map(String))];
  if (areas.some((a) => !(REFORM_AREAS as readonly string[]).includes(a))) errors.areas = "area_invalid";
  const domains = [...new Set(form.getAll("domain").map(String))];
  if (domains.some((d) => !(PROCEDURE_DOMAINS as readonly string[]).includes(d))) errors.domains = "domain_invalid";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { maxOpenReviews: max, agencyId, areas, domains } };
}

export async function setReviewerProfile(
  db: Kysely<Database>,
  userId: number,
  profile: Omit<ReviewerProfile, "userId">,
  actorUserId: number,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const before = (await listReviewerProfiles(trx)).get(userId);
    if (!before) throw new NotFoundError();
    await trx
      .updateTable("users")
      .set({ max_open_reviews: profile.maxOpenReviews, agency_id: profile.agencyId, updated_at: now.toISOString() })
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("reviewer_expertise").where("user_id", "=", userId).execute();
    const rows = [
      ...profile.areas.map((code) => ({ user_id: userId, kind: "area" as const, code })),
      ...profile.domains.map((code) => ({ user_id: userId, kind: "domain" as const, code })),
    ];
    if (rows.length) await trx.insertInto("reviewer_expertise").values(rows).execute();
    await audit(trx, {
      actorUserId,
      action: "user.reviewer_profile",
      targetType: "user",
      targetId: userId,
      details: { before: { ...before, userId: undefined }, after: profile },
      now,
    });
  });
}
