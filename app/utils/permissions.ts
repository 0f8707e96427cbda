/**
 * Who may do what: one matrix of role × permission. Every staff loader and action asks it on the server
 * (through `requirePermission` in auth.server.ts); pages may also use it to hide what a role cannot do.
 */
import { isOneOf, ROLES, type Role } from "../domain/vocabulary";

export { ROLES, type Role };

export const PERMISSIONS = {
  /** the work queue; a reviewer sees only what is assigned to them */
  "queue.view": ["admin", "secretary", "reviewer", "chair"],
  /** every initiative in the queue, not only one's own assignments */
  "queue.all": ["admin", "secretary", "chair"],
  /** downloading a submission's files through the access-checked route */
  "initiative.files": ["admin", "secretary", "chair"],
  /** the whole submission with the submitter's identity, files, history, messages, notes */
  "initiative.view": ["admin", "secretary", "chair"],
  /** screening, asking for information, rejecting */
  "initiative.screen": ["secretary"],
  "initiative.assign": ["secretary"],
  "initiative.note": ["secretary", "chair", "admin"],
  /** scoring one's own assignments, declaring conflicts */
  "review.own": ["reviewer"],
  /** aggregated scores of all reviewers */
  "review.aggregate": ["secretary", "chair", "admin"],
  "decision.record": ["chair"],
  "publication.manage": ["secretary", "chair"],
  "admin.users": ["admin"],
  "admin.rubric": ["admin"],
  "admin.commendations": ["admin"],
  "admin.units": ["admin"],
  "admin.audit": ["admin"],
  /** the outbox: undelivered mail, its errors, retry and resend to a corrected address */
  "admin.outbox": ["admin"],
  /** the working-day calendar: the days off and working days the government announces each year */
  "admin.calendar": ["admin"],
  /** the submitters' personal-data requests (erasure, restriction, objection): the list and the answers */
  "privacy.requests": ["admin", "secretary"],
  /** making the reviewer copy: the texts with personal data taken out, the exchange, the files forwarded to reviewers */
  "initiative.reviewer_copy": ["secretary"],
  /** the access log: who on the staff side saw a submitter's identity */
  "admin.access_log": ["admin"],
  /** council meetings: scheduling, the agenda, the attendance, the minutes (the votes are the presiding chair's) */
  "meeting.manage": ["chair", "secretary"],
  /** the city level's pages (docs/decisions/039-city-level-round.md): a reviewer sees only their own reviews there */
  "city.view": ["admin", "secretary", "chair", "reviewer"],
  /** creating a yearly city-level round */
  "city.rounds": ["admin", "secretary"],
  /** the rounds' nominations, their reviewers and scores */
  "city.nominations": ["admin", "secretary", "chair"],
  "city.nominate": ["secretary"],
  "city.assign": ["secretary"],
  /** the city-level council's decision */
  "city.decide": ["chair"],
  /** campaigns (đợt phát động): themed calls with open and close dates */
  "admin.campaigns": ["admin"],
  /** recording where a recognised initiative has been applied (nhân rộng) */
  "initiative.adoptions": ["admin", "secretary"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return isOneOf(ROLES, value);
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The permissions that show who submitted an initiative (its authors, files, messages). */
export const IDENTITY_PERMISSIONS = ["initiative.view", "initiative.files"] as const satisfies readonly Permission[];

/**
 * Whether these roles can learn who submitted an initiative. Such a user cannot review blind, so is
 * never assigned as a reviewer (docs/decisions/008-blind-review-and-council-vote.md).
 */
export function seesIdentities(roles: readonly Role[]): boolean {
  return IDENTITY_PERMISSIONS.some((p) => can(roles, p));
}
