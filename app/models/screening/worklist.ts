/**
 * Which cases wait for whom: the "needs my action" view of the queue, derived from the lifecycle's transition table
 * and the permission matrix (through `availableIntents` and `subPagesFor`), not from a second list of statuses.
 * A status is a role's to act on when the role is offered a move there, unless the lifecycle waits on someone else
 * to move it on (the submitter's reply, the system once reviews are in): those cases come back to the role only
 * when something is wrong (a review overdue, a conflict declared), which the query adds. Pure: page and server use it.
 */
import { STATUSES, TRANSITIONS, type Status } from "../initiative/lifecycle";
import type { Role } from "../../utils/permissions";
import { can } from "../../utils/permissions";
import { availableIntents, subPagesFor } from "./actions";

/**
 * The counts above the list, in their order. Here and not in worklist.server.ts: the page renders them, and a value
 * imported from a server module is undefined in the browser bundle (the page then failed as it hydrated).
 */
export const BUCKETS = ["new", "replied", "overdue", "week"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Statuses the lifecycle moves on through someone other than staff (a reply, the reviews being complete). */
export const WAITING_ON_OTHERS: readonly Status[] = STATUSES.filter((s) =>
  TRANSITIONS.some((t) => t.from === s && t.to !== "withdrawn" && t.by.some((a) => a === "submitter" || a === "system")),
);

/** The statuses whose cases are this role's to act on. */
export function actionStatuses(roles: readonly Role[]): Status[] {
  return STATUSES.filter((s) => {
    if (WAITING_ON_OTHERS.includes(s)) return false;
    const pages = subPagesFor(s, roles).filter((p) => p !== "aggregate");
    return availableIntents(s, roles).length > 0 || pages.length > 0;
  });
}

/** Statuses waiting on others that still come back to this role when a review is overdue or a reviewer withdrew. */
export function rescueStatuses(roles: readonly Role[]): Status[] {
  return STATUSES.filter((s) => WAITING_ON_OTHERS.includes(s) && availableIntents(s, roles).includes("add_reviewer"));
}

/** A reviewer acts on their own open assignments. */
export function reviewsOwn(roles: readonly Role[]): boolean {
  return can(roles, "review.own");
}
