/**
 * The typed shape of the database, shared by every query in the app.
 * Migrations do not import this file (they are frozen in time); keep the two in step by hand.
 *
 * Conventions that hold on SQLite and PostgreSQL alike:
 * - timestamps are ISO-8601 UTC strings (`2026-11-25T19:32:14.123Z`), dates are `YYYY-MM-DD`;
 * - booleans are integers 0/1;
 * - JSON is stored as text.
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type {
  AssignmentStatus,
  AttachmentPurpose,
  AuthorType,
  ConflictType,
  EventActor,
  EventKind,
  Lang,
  OutboxStatus,
  Outcome,
  ProcedureDomain,
  Recommendation,
  ReformArea,
  Role,
  ScopeType,
  StatDimension,
  Status,
  UnitType,
  Visibility,
} from "../app/domain/vocabulary";

type Id = Generated<number>;

export interface UnitTable {
  id: Id;
  code: string;
  name: string;
  type: UnitType;
  /** folded name, for type-to-find */
  name_folded: string;
  active: Generated<number>;
}

export interface AgencyTable {
  id: Id;
  name: string;
  name_folded: string;
  active: Generated<number>;
}

export interface InitiativeTable {
  id: Id;
  /** SK-2026-000123 */
  code: string;
  /** idempotency key of the form that created it: a second POST of the same form finds this row */
  submit_key: string;
  status: Status;
  /** optimistic-lock counter: every change bumps it, a stale page gets 409 */
  version: Generated<number>;
  title: string;
  reform_area: ReformArea;
  procedure_domain: ProcedureDomain | null;
  scope_type: ScopeType;
  agency_id: number | null;
  unit_id: number | null;
  problem: string;
  solution: string;
  benefit: string;
  applied_before: number;
  applied_at: string | null;
  confidential: string;
  author_type: AuthorType;
  consent_data: number;
  consent_publish_name: number;
  /** language the submitter used: their emails go out in it */
  lang: Lang;
  submitted_at: string;
  /** statutory decision date (3 months after acceptance) */
  due_on: string;
  decided_at: string | null;
  updated_at: string;
  /** folded title + texts for staff search */
  search_text: string;
  /** the private link's secret is HMAC(TRACKING_SECRET, code:link_version); a bump retires every earlier link */
  link_version: Generated<number>;
  /** SHA-256 of a link issued before secrets were derived; accepted until the link is sent again */
  legacy_token_hash: string | null;
  /** SHA-256 of the submission's content, so a replayed submit key is a duplicate only for the same content */
  content_hash: string | null;
  /** processing restricted (migration 0016): contact data hidden from staff, no email except about the request */
  restricted_at: string | null;
  /** the people were anonymised (migration 0016): a granted erasure or the retention job */
  anonymised_at: string | null;
  /** the earliest due date of the case's open reviews, kept by triggers on assignments (migration 0028) */
  review_due: Generated<string | null>;
  /** 1 when a reviewer withdrew and fewer than two others remain, kept by triggers on assignments (migration 0028) */
  reviewers_short: Generated<number>;
}

export interface AuthorTable {
  id: Id;
  initiative_id: number;
  /** 0 is the submitter (the contact person); 1.. are co-authors */
  position: number;
  full_name: string;
  email: string | null;
  phone: string | null;
  organisation: string | null;
  /** share of contribution in percent; the shares of one initiative sum to 100 */
  share: number;
}

export interface AttachmentTable {
  id: Id;
  initiative_id: number;
  /** the history event this file came with (submission, reply to a request, decision) */
  event_id: number | null;
  purpose: AttachmentPurpose;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  is_public: Generated<number>;
  created_at: string;
}

export interface EventTable {
  id: Id;
  initiative_id: number;
  at: string;
  actor_type: EventActor;
  actor_user_id: number | null;
  from_status: Status | null;
  to_status: Status | null;
  kind: EventKind;
  message: string | null;
  visibility: Visibility;
}

export interface StaffNoteTable {
  id: Id;
  initiative_id: number;
  user_id: number;
  body: string;
  created_at: string;
}

export interface UserTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string;
  active: Generated<number>;
  must_change_password: Generated<number>;
  created_at: string;
  updated_at: string;
  /** open reviews a reviewer may hold at once (automatic assignment respects it) */
  max_open_reviews: Generated<number>;
  /** the agency the person works for: never proposed to review that agency's initiatives */
  agency_id: number | null;
  /** the language of their notifications (migration 0018) */
  lang: Generated<string>;
  /** "immediate" | "digest" (08:00 Hà Nội) | "off" (migration 0018) */
  notify_mode: Generated<"immediate" | "digest" | "off">;
}

export interface UserRoleTable {
  user_id: number;
  role: Role;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptTable {
  id: Id;
  email: string;
  ip: string;
  at: string;
  success: number;
  /** Null while the password check of a reserved attempt is still running (counted as a failure meanwhile). */
  settled_at: string | null;
}

export interface RubricVersionTable {
  id: Id;
  created_at: string;
  created_by: number | null;
  /** exactly one version is current: new reviews are scored on it */
  is_current: number;
  /** "base", or "city": a city-level round's own rubric (migration 0026), never `is_current` */
  level: Generated<"base" | "city">;
}

export interface RubricCriterionTable {
  id: Id;
  rubric_version_id: number;
  key: string;
  label_vi: string;
  label_en: string;
  weight: number;
  scale_min: number;
  scale_max: number;
  position: number;
  /** what a low, middle and high score means (docs/decisions/035-reviewer-form.md); "" when not written */
  band_low_vi: Generated<string>;
  band_mid_vi: Generated<string>;
  band_high_vi: Generated<string>;
  band_low_en: Generated<string>;
  band_mid_en: Generated<string>;
  band_high_en: Generated<string>;
}

export interface AssignmentTable {
  id: Id;
  initiative_id: number;
  reviewer_id: number;
  assigned_by: number | null;
  assigned_at: string;
  due_on: string;
  status: AssignmentStatus;
  reminded_before_at: string | null;
  reminded_overdue_at: string | null;
  /** when the reviewer answered "no conflict" to the question asked before the content is shown */
  no_conflict_at: Generated<string | null>;
}

export interface ReviewTable {
  id: Id;
  assignment_id: number;
  rubric_version_id: number;
  recommendation: Recommendation | null;
  comment: string;
  submitted_at: string | null;
  updated_at: string;
}

export interface ReviewScoreTable {
  review_id: number;
  criterion_id: number;
  score: number;
}

export interface ConflictTable {
  id: Id;
  initiative_id: number;
  reviewer_id: number;
  type: ConflictType;
  note: string;
  declared_at: string;
}

export interface CommendationLevelTable {
  id: Id;
  code: string;
  name_vi: string;
  name_en: string;
  /** higher is more prestigious; "most commended" sorts on it */
  rank: number;
  active: Generated<number>;
}

export interface DecisionTable {
  id: Id;
  initiative_id: number;
  outcome: Outcome;
  members_present: number;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  reason: string;
  commendation_level_id: number | null;
  /** CN-2026-0001, only when recognised */
  certificate_number: string | null;
  decided_at: string;
  decided_by: number | null;
  /** the council meeting that took it (migration 0021); null for a vote in writing */
  meeting_id: number | null;
}

/** The public version of a published initiative: what the public pages read, and nothing else. */
export interface PublicationTable {
  initiative_id: number;
  slug: string;
  title: string;
  problem: string;
  solution: string;
  benefit: string;
  /** null when the author did not consent to publishing their name */
  author_name: string | null;
  reform_area: ReformArea;
  procedure_domain: ProcedureDomain | null;
  scope_type: ScopeType;
  agency_id: number | null;
  unit_id: number | null;
  decided_at: string;
  decision_reason: string;
  commendation_level_id: number | null;
  certificate_number: string | null;
  published_at: string;
  published_by: number | null;
  /** folded text for search */
  search_text: string;
  /** copy of commendation_levels.rank kept by triggers (migration 0005): the "most commended" sort key */
  commendation_rank: Generated<number>;
  /** JSON array of the co-authors' names who consented to be named, in their order (migration 0015) */
  co_author_names: Generated<string>;
  /** area and domain labels (vi, en) and the consented authors' names, one a line (migration 0019; search-index.server.ts) */
  search_labels: Generated<string>;
  /** the title's exact-diacritic tokens, a line break, those of the body and labels (migration 0019; search-terms.ts exactWords) */
  search_exact: Generated<string>;
}

export interface OutboxTable {
  id: Id;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  /** what caused it, e.g. "receipt:SK-2026-000001"; unique when set, so an event mails once */
  dedupe_key: string | null;
  created_at: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  sent_at: string | null;
  last_error: string | null;
  /** the claim token of the sender holding the lease (migration 0010) */
  lease_owner: string | null;
  /** the last failure's SMTP reply code ("550") or nodemailer code ("ETIMEDOUT") */
  last_error_code: string | null;
  /** a dead message an administrator resent to a corrected address: the copy's id */
  replaced_by: number | null;
  /** the staff notice this message carries: the sender re-checks it is still wanted (migration 0018) */
  notification_id: Generated<number | null>;
}

export interface OutboxAttemptTable {
  id: Id;
  outbox_id: number;
  at: string;
  ok: number;
  error: string | null;
}

export interface RateHitTable {
  id: Id;
  bucket: string;
  at: string;
}

export interface AuditLogTable {
  id: Id;
  at: string;
  actor_user_id: number | null;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON */
  details: string;
}

/** Initiatives per status, kept exact by triggers (migration 0003): the queue reads counts here, not by counting. */
export interface StatusCountTable {
  status: Status;
  n: number;
}

/** Public statistics counters (migration 0005), kept by app/models/public/statistics.server.ts. */
export interface StatCountTable {
  dimension: StatDimension;
  /** "" | "2026" | "procedures" | "city" | "agency:3" | "unit:70" */
  key: string;
  submitted: Generated<number>;
  recognised: Generated<number>;
  not_recognised: Generated<number>;
}

/** Histogram of days from submission to decision, per decision year (migration 0005). */
export interface StatDecisionDaysTable {
  year: number;
  days: number;
  n: Generated<number>;
}

/** Change counters bumped by triggers (migration 0005): "publications" validates the open data and feed. */
export interface PublicStateTable {
  key: string;
  version: Generated<number>;
}

export interface Database {
  units: UnitTable;
  agencies: AgencyTable;
  initiatives: InitiativeTable;
  authors: AuthorTable;
  attachments: AttachmentTable;
  events: EventTable;
  staff_notes: StaffNoteTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  rubric_versions: RubricVersionTable;
  rubric_criteria: RubricCriterionTable;
  assignments: AssignmentTable;
  reviews: ReviewTable;
  review_scores: ReviewScoreTable;
  conflicts: ConflictTable;
  commendation_levels: CommendationLevelTable;
  decisions: DecisionTable;
  publications: PublicationTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptTable;
  rate_hits: RateHitTable;
  audit_log: AuditLogTable;
  stat_counts: StatCountTable;
  stat_decision_days: StatDecisionDaysTable;
  public_state: PublicStateTable;
  status_counts: StatusCountTable;
  counters: CounterTable;
  file_blobs: FileBlobTable;
  file_chunks: FileChunkTable;
  reviewer_expertise: ReviewerExpertiseTable;
  working_day_adjustments: WorkingDayAdjustmentTable;
  privacy_requests: PrivacyRequestTable;
  email_changes: EmailChangeTable;
  consents: ConsentTable;
  staff_notifications: StaffNotificationTable;
  reviewer_copies: ReviewerCopyTable;
  reviewer_copy_files: ReviewerCopyFileTable;
  access_log: AccessLogTable;
  council_meetings: CouncilMeetingTable;
  council_meeting_members: CouncilMeetingMemberTable;
  council_agenda_items: CouncilAgendaItemTable;
  duplicate_links: DuplicateLinkTable;
  service_times: ServiceTimeTable;
  ratings: RatingTable;
  rating_replies: RatingReplyTable;
  city_rounds: CityRoundTable;
  city_nominations: CityNominationTable;
  city_assignments: CityAssignmentTable;
  city_reviews: CityReviewTable;
  city_review_scores: CityReviewScoreTable;
  campaigns: CampaignTable;
  campaign_entries: CampaignEntryTable;
  campaign_counts: CampaignCountTable;
  adoptions: AdoptionTable;
  timeliness_tallies: TimelinessTallyTable;
  stage_days: StageDaysTable;
}

export type Initiative = Selectable<InitiativeTable>;
export type NewInitiative = Insertable<InitiativeTable>;
export type InitiativeUpdate = Updateable<InitiativeTable>;
export type Author = Selectable<AuthorTable>;
export type Attachment = Selectable<AttachmentTable>;
export type Event = Selectable<EventTable>;
export type User = Selectable<UserTable>;
export type Decision = Selectable<DecisionTable>;
export type Publication = Selectable<PublicationTable>;
export type OutboxMessage = Selectable<OutboxTable>;

/** The last number issued per kind and year ("tracking:2026", "certificate:2026"), taken inside the writing transaction. */
export interface CounterTable {
  name: string;
  value: number;
}

/** Attachment contents kept in the database (PostgreSQL by default): one row per distinct SHA-256, written once complete. */
export interface FileBlobTable {
  sha256: string;
  size: number;
  created_at: string;
}

/** A blob's bytes in order, at most FILE_CHUNK_BYTES each. */
export interface FileChunkTable {
  sha256: string;
  seq: number;
  data: Buffer | Uint8Array;
}

/** A reform area (`kind` "area") or procedure domain ("domain") a reviewer knows; codes from app/models/initiative/taxonomy.ts. */
export interface ReviewerExpertiseTable {
  user_id: number;
  kind: "area" | "domain";
  code: string;
}

/** A day the government announced as off, or as a working day (a compensatory Saturday); see app/utils/working-days.ts. */
export interface WorkingDayAdjustmentTable {
  /** Hà Nội calendar date `YYYY-MM-DD`, one row per date */
  date: string;
  kind: "day_off" | "working_day";
  /** the announcement it comes from */
  note: string;
  created_by: number | null;
  created_at: string;
}

/** A data subject's request from the private tracking page (migration 0016), answered by staff within 2 working days. */
export interface PrivacyRequestTable {
  id: Id;
  initiative_id: number;
  kind: "erasure" | "restriction" | "objection";
  reason: string;
  status: Generated<"pending" | "granted" | "refused">;
  created_at: string;
  /** Hà Nội date `YYYY-MM-DD`, 2 working days after the request */
  due_on: string;
  answered_at: string | null;
  answered_by: number | null;
  /** the reasons given with the answer */
  answer: string | null;
}

/** A new contact address waiting for the link sent to it (migration 0016). */
export interface EmailChangeTable {
  id: Id;
  initiative_id: number;
  new_email: string;
  /** SHA-256 of the key in the confirmation link */
  token_hash: string;
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
}

/**
 * One consent given, refused or withdrawn (migration 0015); rows are only added, and a person's current
 * consent for a purpose is the latest row (app/models/consent/consents.server.ts).
 */
export interface ConsentTable {
  id: Id;
  initiative_id: number;
  /** 0 the submitter, n co-author n (authors.position) */
  author_position: number;
  purpose: "processing" | "publish_name";
  /** 1 given, 0 refused or withdrawn */
  given: number;
  /** PRIVACY_NOTICE_VERSION when the consent was recorded */
  notice_version: string;
  at: string;
  source: "submission" | "withdrawal" | "migration";
}

/** One notice to one staff member about one event (migration 0018): `event_key` makes it happen once. */
export interface StaffNotificationTable {
  id: Id;
  user_id: number;
  kind: string;
  initiative_id: number | null;
  assignment_id: number | null;
  /** for an administrator's notice of a dead outbox message: that message's id */
  outbox_ref: number | null;
  event_key: string;
  created_at: string;
  status: "pending" | "queued" | "digested" | "skipped" | "obsolete";
  delivered_at: string | null;
  /** for a notice of a scheduled council meeting: that meeting (migration 0021) */
  meeting_id: number | null;
}

/** What reviewers read of an initiative instead of its submitted text (migration 0017; app/models/screening/reviewer-copy.server.ts). */
export interface ReviewerCopyTable {
  initiative_id: number;
  title: string;
  problem: string;
  solution: string;
  benefit: string;
  /** JSON: the request for information and the citizen's reply, as the copy shows them */
  exchange: Generated<string>;
  /** 1 while no secretary has checked it (made by the system for a case already in review) */
  to_check: Generated<number>;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

/** The attachments the secretary forwards to the reviewers with the copy. */
export interface ReviewerCopyFileTable {
  initiative_id: number;
  attachment_id: number;
}

/** Who on the staff side saw a submitter's identity (append-only; app/models/access-log/access-log.server.ts). */
export interface AccessLogTable {
  id: Generated<number>;
  at: string;
  user_id: number;
  user_name: string;
  initiative_id: number | null;
  initiative_code: string | null;
  action: "identity" | "file" | "export";
  detail: Generated<string>;
}

/** A council meeting (migration 0021; app/models/council/meetings.server.ts). */
export interface CouncilMeetingTable {
  id: Id;
  /** UTC ISO; entered and shown in Hà Nội time */
  starts_at: string;
  place: string;
  note: Generated<string>;
  chair_id: number;
  status: Generated<"scheduled" | "closed">;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CouncilMeetingMemberTable {
  meeting_id: number;
  user_id: number;
}

/** A case on a meeting's agenda; the vote taken on it is its decision record. */
export interface CouncilAgendaItemTable {
  id: Id;
  meeting_id: number;
  initiative_id: number;
  position: number;
  decision_id: number | null;
  added_at: string;
}

/** A secretary's finding that one initiative duplicates an earlier one, and the submitter's answer (migration 0023). */
export interface DuplicateLinkTable {
  id: Generated<number>;
  initiative_id: number;
  initiative_code: string;
  original_id: number;
  original_code: string;
  status: "proposed" | "agreed" | "objected";
  /** the similarity when it was marked (0..1) */
  score: number;
  marked_by: number | null;
  marked_at: string;
  answered_at: string | null;
  /** the submitter's reason when they object */
  objection: string | null;
}

/** The dates an initiative's timeliness is measured on (migration 0024; app/models/service-targets/targets.server.ts). */
export interface ServiceTimeTable {
  initiative_id: number;
  scope_type: ScopeType;
  agency_id: number | null;
  unit_id: number | null;
  /** Hà Nội dates `YYYY-MM-DD` */
  received_on: string;
  /** screening should start by this day (SCREENING_START_WORKING_DAYS working days after receipt) */
  ack_target_on: string;
  acknowledged_on: string | null;
  review_on: string | null;
  council_on: string | null;
  /** the statutory decision date */
  due_on: string;
  decided_on: string | null;
  /** the day a rejection or withdrawal ended it */
  closed_on: string | null;
  outcome: "recognised" | "not_recognised" | "rejected" | "withdrawn" | null;
}

/** The submitter's rating of a final answer (migration 0024): one per initiative; the comment is never public. */
export interface RatingTable {
  id: Id;
  initiative_id: number;
  clarity: number;
  timeliness: number;
  courtesy: number;
  comment: Generated<string>;
  created_at: string;
}

/** A staff member's private answer to a rating's comment. */
export interface RatingReplyTable {
  id: Id;
  rating_id: number;
  body: string;
  answered_by: number | null;
  answered_at: string;
}

/** A yearly city-level round, "Bằng Sáng kiến Thủ đô" (migration 0026; app/models/city/city-level.server.ts). */
export interface CityRoundTable {
  id: Id;
  year: number;
  title: string;
  /** the city-level rubric version its reviews are scored on */
  rubric_version_id: number;
  created_by: number | null;
  created_at: string;
}

/** A recognised, published initiative put forward to a round; the initiative itself stays `published`. */
export interface CityNominationTable {
  id: Id;
  round_id: number;
  initiative_id: number;
  status: Generated<"nominated" | "in_review" | "recognised" | "not_recognised">;
  /** optimistic-lock counter: the decision form carries it */
  version: Generated<number>;
  /** why the secretary puts it forward */
  statement: string;
  nominated_by: number | null;
  nominated_at: string;
  members_present: number | null;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  reason: string | null;
  /** TP-2026-001, only when recognised */
  certificate_number: string | null;
  decided_at: string | null;
  decided_by: number | null;
}

export interface CityAssignmentTable {
  id: Id;
  nomination_id: number;
  reviewer_id: number;
  assigned_by: number | null;
  assigned_at: string;
  due_on: string;
  status: AssignmentStatus;
}

export interface CityReviewTable {
  id: Id;
  assignment_id: number;
  rubric_version_id: number;
  recommendation: Recommendation | null;
  comment: Generated<string>;
  submitted_at: string | null;
  updated_at: string;
}

export interface CityReviewScoreTable {
  review_id: number;
  criterion_id: number;
  score: number;
}

/** A themed call for initiatives (migration 0025; app/models/campaigns/). Dates are Hà Nội calendar dates, both inclusive. */
export interface CampaignTable {
  id: Id;
  slug: string;
  title: string;
  description: string;
  /** JSON array of reform-area codes; empty means every area */
  reform_areas: Generated<string>;
  opens_on: string;
  closes_on: string;
  agency_id: number | null;
  unit_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

/** The campaign a submission answered (at most one). */
export interface CampaignEntryTable {
  initiative_id: number;
  campaign_id: number;
}

/** Per-campaign counters kept by triggers (migration 0025): the public statistics read these, never `initiatives`. */
export interface CampaignCountTable {
  campaign_id: number;
  submitted: Generated<number>;
  recognised: Generated<number>;
  not_recognised: Generated<number>;
}

/** Where a recognised initiative has been applied (nhân rộng; app/models/replication/). Exactly one of agency and unit. */
export interface AdoptionTable {
  id: Id;
  initiative_id: number;
  agency_id: number | null;
  unit_id: number | null;
  /** Hà Nội date `YYYY-MM-DD` */
  adopted_on: string;
  /** a short note of the result */
  result: string;
  /** the optional document, an attachment of purpose "adoption" */
  attachment_id: number | null;
  created_at: string;
  created_by: number | null;
}

/** The on-time verdicts counted per place (migration 0029; `timelinessContributions` in service-targets/targets.ts). */
export interface TimelinessTallyTable {
  measure: string;
  /** '' for settled verdicts, case counts and open totals; the target date for open cases counted per date */
  on_date: string;
  /** "city", "agency:3", "unit:70" */
  place: string;
  n: number;
}

/** How many cases took `days` calendar days over a stage (migration 0029), for the medians of /statistics. */
export interface StageDaysTable {
  stage: string;
  days: number;
  n: number;
}
