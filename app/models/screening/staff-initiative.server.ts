/**
 * The whole submission as staff with the right to see it read it: identity, texts, files, history,
 * messages with the submitter, private notes, reviewers. A reviewer never reaches this (see reviews.server.ts).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { isRole, seesIdentities } from "../../utils/permissions";
import { activeUsersWithRole } from "../staff/users.server";
import { conflictedReviewerIds, listConflicts } from "../review/conflicts.server";

export async function findInitiativeIdByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom("initiatives").select(["id", "status", "version"]).where("code", "=", code).executeTakeFirst();
}

export async function getStaffInitiative(db: Kysely<Database>, code: string) {
  const initiative = await db
    .selectFrom("initiatives")
    .leftJoin("units", "units.id", "initiatives.unit_id")
    .leftJoin("agencies", "agencies.id", "initiatives.agency_id")
    .select([
      "initiatives.id",
      "initiatives.code",
      "initiatives.status",
      "initiatives.version",
      "initiatives.title",
      "initiatives.reform_area",
      "initiatives.procedure_domain",
      "initiatives.scope_type",
      "initiatives.problem",
      "initiatives.solution",
      "initiatives.benefit",
      "initiatives.applied_before",
      "initiatives.applied_at",
      "initiatives.confidential",
      "initiatives.author_type",
      "initiatives.consent_publish_name",
      "initiatives.lang",
      "initiatives.submitted_at",
      "initiatives.due_on",
      "initiatives.decided_at",
      "units.name as unit_name",
      "agencies.name as agency_name",
    ])
    .where("initiatives.code", "=", code)
    .executeTakeFirst();
  if (!initiative) return null;
  const id = initiative.id;

  const [authors, attachments, events, notes, assignments, conflicts] = await Promise.all([
    db.selectFrom("authors").selectAll().where("initiative_id", "=", id).orderBy("position").execute(),
    db
      .selectFrom("attachments")
      .select(["id", "filename", "mime", "size", "purpose", "is_public", "created_at"])
      .where("initiative_id", "=", id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("events")
      .leftJoin("users", "users.id", "events.actor_user_id")
      .select([
        "events.id",
        "events.at",
        "events.actor_type",
        "events.from_status",
        "events.to_status",
        "events.kind",
        "events.message",
        "events.visibility",
        "users.name as actor_name",
      ])
      .where("events.initiative_id", "=", id)
      .orderBy("events.id")
      .execute(),
    db
      .selectFrom("staff_notes")
      .innerJoin("users", "users.id", "staff_notes.user_id")
      .select(["staff_notes.id", "staff_notes.body", "staff_notes.created_at", "users.name as author_name"])
      .where("staff_notes.initiative_id", "=", id)
      .orderBy("staff_notes.id")
      .execute(),
    db
      .selectFrom("assignments")
      .innerJoin("users", "users.id", "assignments.reviewer_id")
      .select(["assignments.id", "assignments.reviewer_id", "assignments.due_on", "assignments.status", "users.name as reviewer_name"])
      .where("assignments.initiative_id", "=", id)
      .orderBy("assignments.id")
      .execute(),
    listConflicts(db, id),
  ]);
  // A restriction of processing (a granted request, privacy/rights.server.ts): the contact data stays out of staff pages.
  const restricted = (await db.selectFrom("initiatives").select("restricted_at").where("id", "=", id).executeTakeFirst())?.restricted_at;
  const shownAuthors = restricted ? authors.map((a) => ({ ...a, email: null, phone: null, organisation: null })) : authors;
  return { initiative, authors: shownAuthors, attachments, events, notes, assignments, conflicts, restricted: Boolean(restricted) };
}

/** Reviewers to offer in the assignment form, each marked when they may not be chosen. */
export async function reviewerOptions(db: Kysely<Database>, initiativeId: number) {
  const [reviewers, conflicted, assigned, roles] = await Promise.all([
    activeUsersWithRole(db, "reviewer"),
    conflictedReviewerIds(db, initiativeId),
    db
      .selectFrom("assignments")
      .select("reviewer_id")
      .where("initiative_id", "=", initiativeId)
      .where("status", "!=", "conflict")
      .execute(),
    db
      .selectFrom("user_roles")
      .innerJoin("user_roles as rev", "rev.user_id", "user_roles.user_id")
      .select(["user_roles.user_id", "user_roles.role"])
      .where("rev.role", "=", "reviewer")
      .execute(),
  ]);
  const c = new Set(conflicted);
  const a = new Set(assigned.map((r) => r.reviewer_id));
  // Not offered at all: someone who can see identities cannot review blind (the assignment refuses them too).
  const rolesOf = (id: number) =>
    roles
      .filter((r) => r.user_id === id)
      .map((r) => r.role)
      .filter(isRole);
  return reviewers
    .filter((r) => !seesIdentities(rolesOf(r.id)))
    .map((r) => ({ id: r.id, name: r.name, conflict: c.has(r.id), assigned: a.has(r.id) }));
}

/** What a stale page needs to say: the status now and the latest change with who made it. */
export async function currentState(db: Kysely<Database>, initiativeId: number) {
  const row = await db
    .selectFrom("initiatives")
    .select(["status", "version", "code"])
    .where("id", "=", initiativeId)
    .executeTakeFirstOrThrow();
  const latest = await db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_user_id")
    .select(["events.at", "events.kind", "events.from_status", "events.to_status", "events.actor_type", "users.name as actor_name"])
    .where("events.initiative_id", "=", initiativeId)
    .orderBy("events.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return { status: row.status, version: row.version, code: row.code, latest: latest ?? null };
}

export async function getAttachmentOf(db: Kysely<Database>, code: string, attachmentId: number) {
  return db
    .selectFrom("attachments")
    .innerJoin("initiatives", "initiatives.id", "attachments.initiative_id")
    .select(["attachments.id", "attachments.sha256", "attachments.filename", "attachments.mime", "attachments.size"])
    .select(["initiatives.id as initiative_id", "initiatives.code"])
    .where("initiatives.code", "=", code)
    .where("attachments.id", "=", attachmentId)
    .executeTakeFirst();
}
