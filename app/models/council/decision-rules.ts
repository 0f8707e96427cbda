/**
 * The council's vote (docs/domain.md "Lifecycle", issue 3 item 8): recognition needs at least two thirds
 * of the members present voting for. Pure and isomorphic, so the form can explain the rule and the
 * server enforces it with the same function. See docs/decisions/008-blind-review-and-council-vote.md.
 */

export interface Votes {
  membersPresent: number;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

export type VoteError = "present_invalid" | "for_invalid" | "against_invalid" | "abstain_invalid" | "present_zero" | "votes_exceed_present";

const MAX_MEMBERS = 1000;

function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= MAX_MEMBERS;
}

/** Every count a non-negative integer, someone present, and no more votes than members present. */
export function voteErrors(v: Votes): Partial<Record<keyof Votes | "form", VoteError>> {
  const errors: Partial<Record<keyof Votes | "form", VoteError>> = {};
  if (!isCount(v.membersPresent)) errors.membersPresent = "present_invalid";
  else if (v.membersPresent === 0) errors.membersPresent = "present_zero";
  if (!isCount(v.votesFor)) errors.votesFor = "for_invalid";
  if (!isCount(v.votesAgainst)) errors.votesAgainst = "against_invalid";
  if (!isCount(v.votesAbstain)) errors.votesAbstain = "abstain_invalid";
  if (Object.keys(errors).length === 0 && v.votesFor + v.votesAgainst + v.votesAbstain > v.membersPresent) {
    errors.form = "votes_exceed_present";
  }
  return errors;
}

/**
 * votes_for ≥ ⌈2/3 × members_present⌉, computed in integers (3·for ≥ 2·present) so 6 of 9 passes
 * and no floating-point rounding decides a vote. Abstentions and absent votes count against.
 */
export function twoThirdsReached(membersPresent: number, votesFor: number): boolean {
  if (!isCount(membersPresent) || !isCount(votesFor) || membersPresent === 0) return false;
  return 3 * votesFor >= 2 * membersPresent;
}

/** The smallest number of votes for that recognises, for the form's hint. */
export function votesNeeded(membersPresent: number): number {
  return Math.ceil((2 * membersPresent) / 3);
}

/** A reason must say why (the top complaint about feedback channels is a vague answer). */
export const REASON_MIN = 30;
export const REASON_MAX = 5000;

export const CERTIFICATE_NUMBER = /^CN-(\d{4})-(\d{4,})$/;

export function formatCertificateNumber(year: number, n: number): string {
  return `CN-${year}-${String(n).padStart(4, "0")}`;
}
