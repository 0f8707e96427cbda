/**
 * What the staff page of one initiative offers: its forms (intents) and the sub-pages that open from
 * it, derived from the lifecycle's transition table and the permission matrix, not from a second list
 * of statuses. A transition added to `lifecycle.ts` for a staff role is offered here without editing
 * the page (tests/unit/staff-actions.test.ts holds every status × role to that). Pure: the page and the
 * server both use it.
 */
import { nextStatuses, STATUSES, TRANSITIONS, type Actor, type Status } from "../initiative/lifecycle";
import { can, type Permission, type Role } from "../../utils/permissions";

/** The forms of the page, in the order they are shown. */
export const INTENTS = ["screen", "needs_info", "reject", "assign", "add_reviewer", "council", "note"] as const;
export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/** The permission each form's action asks for before anything else. */
export const PERMISSION_OF: Record<Intent, Permission> = {
  screen: "initiative.screen",
  needs_info: "initiative.screen",
  reject: "initiative.screen",
  council: "initiative.screen",
  assign: "initiative.assign",
  add_reviewer: "initiative.assign",
  note: "initiative.note",
};

/** The status a form moves the initiative to; null for a form that changes no status. */
export const TARGET_OF: Record<Intent, Status | null> = {
  screen: "screening",
  needs_info: "needs_info",
  reject: "rejected",
  assign: "in_review",
  council: "council",
  add_reviewer: null,
  note: null,
};

/** The order the moving forms appear in (the page's own, not the table's). */
const MOVING_FORMS = ["screen", "needs_info", "assign", "add_reviewer", "council", "reject"] as const satisfies readonly Intent[];

export type SubPage = "aggregate" | "decision" | "publication";

/** The moves made on a sub-page rather than on the page itself, and the permission the sub-page asks for. */
export const SUB_PAGE_MOVES: Record<Exclude<SubPage, "aggregate">, { to: readonly Status[]; permission: Permission }> = {
  decision: { to: ["recognised", "not_recognised"], permission: "decision.record" },
  publication: { to: ["published"], permission: "publication.manage" },
};

/**
 * The statuses that only come after review: reachable from `in_review`, but not from submission
 * without passing through it. (Withdrawal is reachable both ways, so it is not one of them.)
 */
export const AFTER_REVIEW: readonly Status[] = (() => {
  const reach = (from: Status, avoid?: Status) => {
    const seen = new Set<Status>([from]);
    const todo = [from];
    while (todo.length) {
      const s = todo.pop()!;
      for (const t of TRANSITIONS) {
        if (t.from === s && t.to !== avoid && !seen.has(t.to)) {
          seen.add(t.to);
          todo.push(t.to);
        }
      }
    }
    return seen;
  };
  const afterReview = reach("in_review");
  const withoutReview = reach(STATUSES[0], "in_review");
  return STATUSES.filter((s) => afterReview.has(s) && !withoutReview.has(s));
})();

/** The forms this user may use on this status: lifecycle table × permission matrix. */
export function availableIntents(status: Status, roles: readonly Role[]): Intent[] {
  const next = nextStatuses(status, roles as readonly Actor[]);
  const allowed = (i: Intent) => can(roles, PERMISSION_OF[i]);
  return MOVING_FORMS.filter((i) => {
    const to = TARGET_OF[i];
    // Adding a reviewer is assigning more while the review is under way.
    if (to === null) return status === TARGET_OF.assign && allowed(i);
    return next.includes(to) && allowed(i);
  });
}

/** The council's pages that open from here: scores once reviews exist, the decision in council, publication once recognised. */
export function subPagesFor(status: Status, roles: readonly Role[]): SubPage[] {
  const out: SubPage[] = [];
  if (AFTER_REVIEW.includes(status) && can(roles, "review.aggregate")) out.push("aggregate");
  const next = nextStatuses(status, roles as readonly Actor[]);
  for (const page of ["decision", "publication"] as const) {
    const move = SUB_PAGE_MOVES[page];
    if (move.to.some((s) => next.includes(s)) && can(roles, move.permission)) out.push(page);
  }
  return out;
}
