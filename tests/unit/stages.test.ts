import { describe, expect, it } from "vitest";
import { stagesOf, type StageInput } from "~/models/initiative/stages";
import { addWorkingDays } from "~/utils/working-days";
import type { Status } from "~/domain/vocabulary";

/** Monday 2 March 2026 in Hà Nội (01:00 UTC is 08:00 there). */
const SUBMITTED = "2026-03-02T01:00:00.000Z";

function input(status: Status, moves: [Status, string, string?][], extra: Partial<StageInput> = {}): StageInput {
  return {
    status,
    submittedAt: SUBMITTED,
    dueOn: "2026-06-02",
    decidedAt: null,
    events: [
      { at: SUBMITTED, kind: "submitted", to_status: "submitted" },
      ...moves.map(([to, at, kind]) => ({ at, kind: kind ?? "status", to_status: to })),
    ],
    reviewsDueOn: [],
    today: "2026-03-03",
    addWorkingDays: (d, n) => addWorkingDays(d, n, []),
    ...extra,
  };
}

const summary = (s: ReturnType<typeof stagesOf>) =>
  s.map((x) => `${x.key}:${x.state}${x.expected ? `@${x.expected.kind}=${x.expected.date}` : ""}`);

describe("the stages a submitter sees", () => {
  it("counts screening in working days from the submission, and again from a reply", () => {
    // Before screening starts, the target for it to start (decision 037): 3 working days after Monday 2 March.
    expect(summary(stagesOf(input("submitted", [])))[1]).toBe("screening:current@start=2026-03-05");
    // Once started, screening's end: 5 working days after Monday 2 March, Monday 9 March.
    expect(summary(stagesOf(input("screening", [["screening", "2026-03-03T02:00:00.000Z"]])))[1]).toBe(
      "screening:current@target=2026-03-09",
    );
    const replied = stagesOf(
      input("screening", [
        ["screening", "2026-03-03T02:00:00.000Z"],
        ["needs_info", "2026-03-04T02:00:00.000Z"],
        ["screening", "2026-03-13T02:00:00.000Z", "reply"],
      ]),
    );
    // Friday 13 March + 5 working days: Friday 20 March.
    expect(summary(replied)[1]).toBe("screening:current@target=2026-03-20");
  });

  it("gives the reply window over a holiday (30 April and 1 May 2026 are off)", () => {
    const s = stagesOf(
      input("needs_info", [
        ["screening", "2026-04-27T02:00:00.000Z"],
        ["needs_info", "2026-04-28T02:00:00.000Z"],
      ]),
    );
    // From Tuesday 28 April: 29 Apr, 4–8 May, 11–14 May are the 10 working days.
    expect(summary(s)[1]).toBe("screening:current@reply=2026-05-14");
  });

  it("keeps the statutory date on the decision until it is made, and flags it overdue after", () => {
    const open = stagesOf(
      input(
        "council",
        [
          ["screening", SUBMITTED],
          ["in_review", SUBMITTED],
          ["council", SUBMITTED],
        ],
        { today: "2026-06-03" },
      ),
    );
    expect(open.find((s) => s.key === "decision")).toMatchObject({
      state: "current",
      expected: { kind: "statutory", date: "2026-06-02", overdue: true },
    });
  });

  it("ends a withdrawal after the stages done before it, whatever came between", () => {
    const s = stagesOf(
      input("withdrawn", [
        ["screening", "2026-03-03T02:00:00.000Z"],
        ["needs_info", "2026-03-04T02:00:00.000Z"],
        ["withdrawn", "2026-03-05T02:00:00.000Z"],
      ]),
    );
    expect(summary(s)).toEqual(["received:done", "withdrawn:current"]);
  });
});
