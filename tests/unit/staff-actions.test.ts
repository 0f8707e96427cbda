import { describe, expect, it } from "vitest";
import { nextStatuses, STATUSES, type Actor } from "~/models/initiative/lifecycle";
import { AFTER_REVIEW, availableIntents, PERMISSION_OF, SUB_PAGE_MOVES, subPagesFor, TARGET_OF } from "~/models/screening/actions";
import { can, ROLES } from "~/utils/permissions";

/** The moves a page offers: each form's target status, and the statuses its sub-pages move to. */
function offeredMoves(status: (typeof STATUSES)[number], roles: (typeof ROLES)[number][]) {
  const fromForms = availableIntents(status, roles)
    .map((i) => TARGET_OF[i])
    .filter((s) => s !== null);
  const fromPages = subPagesFor(status, roles).flatMap((p) => (p === "aggregate" ? [] : SUB_PAGE_MOVES[p].to));
  return [...new Set([...fromForms, ...fromPages])].sort();
}

describe("the staff initiative page's actions", () => {
  for (const status of STATUSES) {
    for (const role of ROLES) {
      it(`${status} × ${role}: offers exactly the moves the lifecycle allows that role`, () => {
        expect(offeredMoves(status, [role])).toEqual([...nextStatuses(status, [role as Actor])].sort());
      });
    }
  }

  it("gives every staff transition a permission the role holds, so no allowed move is hidden", () => {
    for (const status of STATUSES) {
      for (const role of ROLES) {
        for (const to of nextStatuses(status, [role as Actor])) {
          const forms = (Object.keys(TARGET_OF) as (keyof typeof TARGET_OF)[]).filter((i) => TARGET_OF[i] === to);
          const pages = Object.values(SUB_PAGE_MOVES).filter((m) => m.to.includes(to));
          const permitted = forms.some((i) => can([role], PERMISSION_OF[i])) || pages.some((m) => can([role], m.permission));
          expect(permitted, `${status} → ${to} by ${role}`).toBe(true);
        }
      }
    }
  });

  it("offers adding a reviewer only while the review is under way, to who may assign", () => {
    for (const status of STATUSES) {
      for (const role of ROLES) {
        const expected = status === "in_review" && can([role], "initiative.assign");
        expect(availableIntents(status, [role]).includes("add_reviewer"), `${status} × ${role}`).toBe(expected);
      }
    }
  });

  it("opens the scores from review on, never before it or after a withdrawal", () => {
    expect(AFTER_REVIEW).toEqual(["in_review", "council", "recognised", "not_recognised", "published"]);
    for (const status of STATUSES) {
      expect(subPagesFor(status, ["chair"]).includes("aggregate"), status).toBe(AFTER_REVIEW.includes(status));
      expect(subPagesFor(status, ["reviewer"]).includes("aggregate"), status).toBe(false);
    }
  });

  it("shows the secretary's screening forms in the page's order", () => {
    expect(availableIntents("screening", ["secretary"])).toEqual(["needs_info", "assign", "reject"]);
    expect(availableIntents("needs_info", ["secretary"])).toEqual(["screen", "reject"]);
    expect(availableIntents("in_review", ["secretary"])).toEqual(["add_reviewer", "council"]);
  });
});
