import { describe, expect, it } from "vitest";
import { formatCertificateNumber, twoThirdsReached, voteErrors, votesNeeded } from "~/models/council/decision-rules";

describe("the two-thirds rule: votes for ≥ 2/3 of the members present", () => {
  it("refuses when nobody is present", () => {
    expect(twoThirdsReached(0, 0)).toBe(false);
    expect(voteErrors({ membersPresent: 0, votesFor: 0, votesAgainst: 0, votesAbstain: 0 }).membersPresent).toBe("present_zero");
  });

  it("passes at exactly two thirds", () => {
    expect(twoThirdsReached(3, 2)).toBe(true);
    expect(twoThirdsReached(6, 4)).toBe(true);
    expect(twoThirdsReached(9, 6)).toBe(true);
    expect(twoThirdsReached(9, 5)).toBe(false);
  });

  it("rounds the threshold up when two thirds is not a whole number", () => {
    expect(twoThirdsReached(8, 5)).toBe(false); // 5/8 = 62.5 %
    expect(twoThirdsReached(8, 6)).toBe(true);
    expect(votesNeeded(8)).toBe(6);
    expect(twoThirdsReached(7, 4)).toBe(false);
    expect(twoThirdsReached(7, 5)).toBe(true);
    expect(votesNeeded(7)).toBe(5);
    expect(twoThirdsReached(1, 1)).toBe(true);
    expect(twoThirdsReached(2, 1)).toBe(false);
    expect(votesNeeded(9)).toBe(6);
  });

  it("counts abstentions as not in favour", () => {
    // 6 present, 3 for, 0 against, 3 abstaining: half of those present, not two thirds
    expect(twoThirdsReached(6, 3)).toBe(false);
    expect(voteErrors({ membersPresent: 6, votesFor: 3, votesAgainst: 0, votesAbstain: 3 })).toEqual({});
  });

  it("agrees with votesNeeded for every size up to 60", () => {
    for (let present = 1; present <= 60; present++) {
      for (let f = 0; f <= present; f++) expect(twoThirdsReached(present, f)).toBe(f >= votesNeeded(present));
    }
  });
});

describe("vote validation", () => {
  it("refuses negative, fractional and non-numeric counts", () => {
    expect(voteErrors({ membersPresent: 5, votesFor: -1, votesAgainst: 0, votesAbstain: 0 }).votesFor).toBe("for_invalid");
    expect(voteErrors({ membersPresent: 5.5, votesFor: 1, votesAgainst: 0, votesAbstain: 0 }).membersPresent).toBe("present_invalid");
    expect(voteErrors({ membersPresent: 5, votesFor: 1, votesAgainst: Number.NaN, votesAbstain: 0 }).votesAgainst).toBe("against_invalid");
    expect(voteErrors({ membersPresent: 5, votesFor: 1, votesAgainst: 0, votesAbstain: 0.5 }).votesAbstain).toBe("abstain_invalid");
    expect(twoThirdsReached(-3, -2)).toBe(false);
  });

  it("refuses more votes than members present, and accepts fewer (someone did not vote)", () => {
    expect(voteErrors({ membersPresent: 5, votesFor: 4, votesAgainst: 1, votesAbstain: 1 }).form).toBe("votes_exceed_present");
    expect(voteErrors({ membersPresent: 5, votesFor: 4, votesAgainst: 1, votesAbstain: 0 })).toEqual({});
    expect(voteErrors({ membersPresent: 9, votesFor: 6, votesAgainst: 1, votesAbstain: 0 })).toEqual({});
  });
});

describe("certificate numbers", () => {
  it("are CN-YYYY-NNNN", () => {
    expect(formatCertificateNumber(2026, 1)).toBe("CN-2026-0001");
    expect(formatCertificateNumber(2026, 123)).toBe("CN-2026-0123");
    expect(formatCertificateNumber(2027, 10000)).toBe("CN-2027-10000");
  });
});
