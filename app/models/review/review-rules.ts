/** Review rules shared by the server and the review page (no server code, so the browser bundle has them). */

export const CONFLICT_TYPES = ["relationship", "same_organisation", "other"] as const;
export type ConflictType = (typeof CONFLICT_TYPES)[number];

/** Reviews needed before an initiative moves to the council by itself (docs/domain.md: at least 2 reviewers). */
export const MIN_REVIEWS_FOR_COUNCIL = 2;
export const COMMENT_MAX = 5000;
export const COMMENT_MIN_ON_SUBMIT = 10;
