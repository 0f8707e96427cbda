/**
 * The lifecycle of an initiative (docs/domain.md "Lifecycle"): the one table of allowed transitions.
 * Every status change in the app goes through `lifecycle.server.ts`, which asks `canTransition` here.
 * This file has no server code so pages can use it to show only the actions that are possible.
 */
import { FINAL_STATUSES, isOneOf, OPEN_STATUSES, STATUSES, type Actor, type Status } from "../../domain/vocabulary";

export { FINAL_STATUSES, OPEN_STATUSES, STATUSES, type Actor, type Status };
export type { FinalStatus, OpenStatus } from "../../domain/vocabulary";

export interface Transition {
  from: Status;
  to: Status;
  by: readonly Actor[];
}

export const TRANSITIONS: readonly Transition[] = [
  { from: "submitted", to: "screening", by: ["secretary"] },
  { from: "screening", to: "needs_info", by: ["secretary"] },
  { from: "needs_info", to: "screening", by: ["submitter", "secretary"] },
  { from: "screening", to: "rejected", by: ["secretary"] },
  { from: "needs_info", to: "rejected", by: ["secretary"] },
  { from: "screening", to: "in_review", by: ["secretary"] },
  { from: "in_review", to: "council", by: ["system", "secretary"] },
  { from: "council", to: "recognised", by: ["chair"] },
  { from: "council", to: "not_recognised", by: ["chair"] },
  { from: "recognised", to: "published", by: ["secretary", "chair"] },
  ...OPEN_STATUSES.map((from) => ({ from, to: "withdrawn" as const, by: ["submitter"] as const })),
];

export function isStatus(value: unknown): value is Status {
  return isOneOf(STATUSES, value);
}

export function findTransition(from: Status, to: Status): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function canTransition(from: Status, to: Status, actor: Actor): boolean {
  return findTransition(from, to)?.by.includes(actor) ?? false;
}

/** The statuses an actor (holding any of the given roles) may move an initiative to from `from`. */
export function nextStatuses(from: Status, actors: readonly Actor[]): Status[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.some((a) => actors.includes(a))).map((t) => t.to);
}

export function isOpen(status: Status): boolean {
  return isOneOf(OPEN_STATUSES, status);
}
