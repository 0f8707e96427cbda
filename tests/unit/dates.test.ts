import { describe, expect, it } from "vitest";
import { addMonths, statutoryDueOn } from "~/utils/dates";

describe("statutory due date", () => {
  it("is three calendar months after acceptance", () => {
    expect(statutoryDueOn(new Date("2026-11-25T10:00:00Z"))).toBe("2027-02-25");
  });
  it("clamps to the end of a shorter month", () => {
    expect(addMonths(new Date("2026-11-30T00:00:00Z"), 3).toISOString().slice(0, 10)).toBe("2027-02-28");
  });
});
