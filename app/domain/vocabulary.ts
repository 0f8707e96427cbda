/**
 * The closed vocabularies of the domain (docs/domain.md): every value a text column may hold, once.
 *
 * This module imports nothing, so every layer can read it without pulling anything else along:
 * `db/schema.ts` types its columns with these unions, `emails/` names statuses without reaching into
 * `app/models`, the models (lifecycle, taxonomy, permissions) re-export from here, and the dictionaries
 * key their labels by them. Adding a value here makes the compiler point at each place that must handle
 * it: its labels (`Record<Status, string>`), the seeders, the switches that end in `never`.
 *
 * Values arriving from outside (a form, a query string, a raw SQL row) are checked once with `isOneOf`
 * (or a zod enum over the same array), never cast.
 */

/** Whether `value` is one of `values`: the one type guard behind every `isStatus`, `isRole`, …. */
export function isOneOf<const T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && values.some((v) => v === value);
}

/** One value per member of a vocabulary, e.g. a zero count per status: the result has every key, typed. */
export function recordFor<const K extends string, V>(keys: readonly K[], valueOf: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, valueOf(k)])) as Record<K, V>;
}

// ---- The lifecycle of an initiative ----

export const STATUSES = [
  "submitted",
  "screening",
  "needs_info",
  "rejected",
  "in_review",
  "council",
  "recognised",
  "not_recognised",
  "published",
  "withdrawn",
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses before a decision: the submitter may withdraw from any of them, and the statutory clock runs. */
export const OPEN_STATUSES = ["submitted", "screening", "needs_info", "in_review", "council"] as const satisfies readonly Status[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** Statuses that end the procedure: the statutory clock stops. */
export const FINAL_STATUSES = ["rejected", "recognised", "not_recognised", "published", "withdrawn"] as const satisfies readonly Status[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** Staff roles, the rows of the permission matrix. */
export const ROLES = ["admin", "secretary", "reviewer", "chair"] as const;
export type Role = (typeof ROLES)[number];

/** Who moves an initiative on: the system, the submitter, or staff in one of their roles. */
export type Actor = "system" | "submitter" | Role;

/** Who wrote a history event (a staff member's role is not kept on the event). */
export const EVENT_ACTORS = ["system", "submitter", "staff"] as const;
export type EventActor = (typeof EVENT_ACTORS)[number];

/** What a history event records. */
export const EVENT_KINDS = [
  "submitted",
  "status",
  "request_info",
  "reply",
  "note",
  "assigned",
  "review_submitted",
  "conflict",
  "decision",
  "published",
  /** the submitter withdrew a consent (to publishing a name) from the private page; the message is the name */
  "consent_withdrawn",
  /** the secretary marked it a duplicate of another (the message is that one's code); the submitter answers */
  "duplicate_marked",
  /** the submitter agreed it duplicates the other (message: that one's code) */
  "duplicate_agreed",
  /** the submitter objected (message: their reason): back to screening */
  "duplicate_objected",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Who may read a history event: "submitter" (the submitter and staff), "staff" (staff only), "public" (everyone). */
export const VISIBILITIES = ["submitter", "staff", "public"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Why a file was attached: with the submission, with a reply to a request, with the council's decision. */
export const ATTACHMENT_PURPOSES = ["submission", "reply", "decision", "adoption"] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

// ---- Taxonomy of a submission ----

/** The reform areas of Nghị quyết 76/NQ-CP. */
export const REFORM_AREAS = ["institutional", "procedures", "apparatus", "civil_service", "public_finance", "digital_government"] as const;
export type ReformArea = (typeof REFORM_AREAS)[number];

export const PROCEDURE_DOMAINS = [
  "land",
  "construction",
  "investment",
  "business_registration",
  "civil_status",
  "certification",
  "labour_social",
  "administrative_sanctions",
  "other",
] as const;
export type ProcedureDomain = (typeof PROCEDURE_DOMAINS)[number];

export const AUTHOR_TYPES = ["individual", "organisation", "business"] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** Where an initiative applies: the whole city, one agency, one commune or ward. */
export const SCOPE_TYPES = ["city", "agency", "unit"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

/** The kinds of administrative unit below the city since 1 July 2025. */
export const UNIT_TYPES = ["phường", "xã"] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

// ---- Review and decision ----

export const ASSIGNMENT_STATUSES = ["assigned", "submitted", "conflict"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const RECOMMENDATIONS = ["recognise", "reject", "discuss"] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CONFLICT_TYPES = ["relationship", "same_organisation", "other"] as const;
export type ConflictType = (typeof CONFLICT_TYPES)[number];

/** The council's outcome: the two final statuses a decision leads to. */
export const OUTCOMES = ["recognised", "not_recognised"] as const satisfies readonly Status[];
export type Outcome = (typeof OUTCOMES)[number];

// ---- Mail ----

/** An outbox row: waiting (or retrying), delivered, given up on, dead and copied to a corrected address, or a staff notice no longer wanted when its turn came. */
export const OUTBOX_STATUSES = ["pending", "sent", "dead", "resent", "obsolete"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

// ---- Languages ----

/** The languages of the site and the mail: Vietnamese first, English second. */
export const LANGS = ["vi", "en"] as const;
export type Lang = (typeof LANGS)[number];

// ---- Public statistics ----

/** The counters' dimensions: the grand total, per year, per reform area, per place ("city", "agency:3", "unit:70"). */
export const STAT_DIMENSIONS = ["all", "year", "area", "place"] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];
