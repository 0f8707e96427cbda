/**
 * What a model refuses, as typed errors. Models are called from routes, jobs, the command line and tests, so
 * they say *what* went wrong in the domain's words and leave *how to answer* to their caller: a route's
 * action may catch one to show it on the form; anything uncaught is turned into an HTTP answer in one place
 * (app/utils/domain-errors.server.ts, applied to every loader and action). Nothing here knows about HTTP.
 *
 * `code` says which kind of refusal it is (and so, to the HTTP layer, which status); `messageKey` is the
 * stable reason the forms and dictionaries know ("stale", "review_closed", "code_taken"…, the keys of
 * `review.errors` in app/i18n/sections/review.ts); `details` is the structured rest (the current version of
 * a stale record, the transition refused, the criterion at fault).
 */

export type DomainErrorCode =
  | "not_found"
  | "forbidden"
  | "conflict_stale_version"
  | "invalid_transition"
  | "validation"
  | "rate_limited"
  | "too_large"
  | "malformed"
  | "storage_unavailable";

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = [
  "not_found",
  "forbidden",
  "conflict_stale_version",
  "invalid_transition",
  "validation",
  "rate_limited",
  "too_large",
  "malformed",
  "storage_unavailable",
];

export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Per field, the message keys of what is wrong with it (first one shown). */
export type FieldErrors = Record<string, string[]>;

// The server and the tests load the compiled app and the source side by side: two copies of this module, so
// `instanceof` across them fails. A registered symbol is the same in both.
const BRAND = Symbol.for("sang-kien-cchc.domain-error");

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly messageKey: string;
  readonly details: ErrorDetails;

  constructor(messageKey: string, details: ErrorDetails = {}) {
    super(messageKey);
    this.name = new.target.name;
    this.messageKey = messageKey;
    this.details = details;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A DomainError from either copy of this module (see BRAND). */
export function isDomainError(value: unknown): value is DomainError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export class NotFoundError extends DomainError {
  readonly code = "not_found" as const;
  constructor(messageKey = "not_found", details?: ErrorDetails) {
    super(messageKey, details);
  }
}

/** Not this person's to do (another reviewer's form, a move only another role may make). */
export class ForbiddenError extends DomainError {
  readonly code = "forbidden" as const;
  constructor(messageKey = "forbidden", details?: ErrorDetails) {
    super(messageKey, details);
  }
}

export type StaleDetails = {
  /** The record's status now, for the "changed meanwhile" panel. */
  currentStatus?: string;
  currentVersion?: number;
};

/** The form was filled in against a version that someone else has since replaced. */
export class StaleVersionError extends DomainError {
  readonly code = "conflict_stale_version" as const;
  declare readonly details: StaleDetails;
  constructor(details: StaleDetails = {}) {
    super("stale", details);
  }
}

/** The record is not (or no longer) in a state that allows this: a closed review, a message already sent. */
export class InvalidTransitionError extends DomainError {
  readonly code = "invalid_transition" as const;
  constructor(messageKey = "transition_refused", details?: ErrorDetails) {
    super(messageKey, details);
  }
}

/**
 * Input the rules refuse. `messageKey` is the first problem (for a form-wide message); `fieldErrors` lists the
 * problems per field when the caller can point at fields.
 */
export class ValidationError extends DomainError {
  readonly code = "validation" as const;
  readonly fieldErrors: FieldErrors;
  constructor(messageKey: string, options: { fieldErrors?: FieldErrors; details?: ErrorDetails } = {}) {
    super(messageKey, options.details);
    this.fieldErrors = options.fieldErrors ?? {};
  }

  /** One key per field, as a one-message-per-field form shows them. */
  firstFieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, keys] of Object.entries(this.fieldErrors)) if (keys[0] !== undefined) out[field] = keys[0];
    return out;
  }

  /** From a one-key-per-field record (how the models' rule checks report). */
  static fromFields(fields: Record<string, string>, details?: ErrorDetails): ValidationError {
    const keys = Object.values(fields);
    return new ValidationError(keys[0] ?? "invalid", {
      fieldErrors: Object.fromEntries(Object.entries(fields).map(([f, k]) => [f, [k]])),
      details,
    });
  }
}

/** Too many attempts from one sender in the window; `retryAfterSeconds` when the wait is known. */
export class RateLimitedError extends DomainError {
  readonly code = "rate_limited" as const;
  readonly retryAfterSeconds: number | null;
  constructor(messageKey = "rate_limited", options: { retryAfterSeconds?: number; details?: ErrorDetails } = {}) {
    super(messageKey, options.details);
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/**
 * The record changed under the person's page (a stale version or a move that no longer fits): forms answer
 * with a "changed meanwhile" panel rather than an error page.
 */
export function isConflict(err: unknown): err is StaleVersionError | InvalidTransitionError {
  return err instanceof StaleVersionError || err instanceof InvalidTransitionError;
}

/** More than a limit allows in one piece: the whole request, or one text field of a form (`details` says which limit). */
export class TooLargeError extends DomainError {
  readonly code = "too_large" as const;
  constructor(messageKey = "too_large", details?: ErrorDetails) {
    super(messageKey, details);
  }
}

/** Input that cannot be read at all (not a form, a broken multipart body, too many parts), as opposed to values the rules refuse. */
export class MalformedInputError extends DomainError {
  readonly code = "malformed" as const;
  constructor(messageKey = "malformed", details?: ErrorDetails) {
    super(messageKey, details);
  }
}

/**
 * The place files are kept refused a write or a read (full, read-only, gone): the operator's fault, not the sender's,
 * so the person is told to try again later and nothing is reported against the form.
 */
export class StorageUnavailableError extends DomainError {
  readonly code = "storage_unavailable" as const;
  constructor(messageKey = "storage_unavailable", details?: ErrorDetails) {
    super(messageKey, details);
  }
}
