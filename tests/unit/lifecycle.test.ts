import { describe, expect, it } from "vitest";
import { canTransition, nextStatuses, STATUSES, TRANSITIONS, type Actor, type Status } from "~/models/initiative/lifecycle";

/** The whole table of docs/domain.md "Lifecycle": every allowed move with who makes it. */
export const EXPECTED: [Status, Status, Actor[]][] = [
  ["submitted", "screening", ["secretary"]],
  ["screening", "needs_info", ["secretary"]],
  ["needs_info", "screening", ["submitter", "secretary"]],
  ["screening", "rejected", ["secretary"]],
  ["needs_info", "rejected", ["secretary"]],
  ["screening", "in_review", ["secretary"]],
  ["in_review", "council", ["system", "secretary"]],
  ["council", "recognised", ["chair"]],
  ["council", "not_recognised", ["chair"]],
  ["recognised", "published", ["secretary", "chair"]],
  ["submitted", "withdrawn", ["submitter"]],
  ["screening", "withdrawn", ["submitter"]],
  ["needs_info", "withdrawn", ["submitter"]],
  ["in_review", "withdrawn", ["submitter"]],
  ["council", "withdrawn", ["submitter"]],
];
const ACTORS: Actor[] = ["system", "submitter", "secretary", "chair", "admin", "reviewer"];

describe("lifecycle", () => {
  it("has exactly the transitions of the domain table", () => {
    expect(TRANSITIONS.length).toBe(EXPECTED.length);
  });

  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const row = EXPECTED.find(([f, t]) => f === from && t === to);
      for (const actor of ACTORS) {
        const allowed = Boolean(row?.[2].includes(actor));
        it(`${from} → ${to} by ${actor}: ${allowed ? "allowed" : "refused"}`, () => {
          expect(canTransition(from, to, actor)).toBe(allowed);
        });
      }
    }
  }

  it("lets nobody leave a final status except recognised → published", () => {
    expect(nextStatuses("rejected", ACTORS)).toEqual([]);
    expect(nextStatuses("withdrawn", ACTORS)).toEqual([]);
    expect(nextStatuses("published", ACTORS)).toEqual([]);
    expect(nextStatuses("not_recognised", ACTORS)).toEqual([]);
    expect(nextStatuses("recognised", ACTORS)).toEqual(["published"]);
  });
});
