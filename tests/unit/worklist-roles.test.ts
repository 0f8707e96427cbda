import { describe, expect, it } from "vitest";
import { actionStatuses, rescueStatuses, WAITING_ON_OTHERS } from "~/models/screening/worklist";

describe("who must act on which status (lifecycle × permissions)", () => {
  it("gives the secretary screening and publication, the chair the decision and publication, nobody the waiting ones", () => {
    expect(WAITING_ON_OTHERS).toEqual(["needs_info", "in_review"]);
    expect(actionStatuses(["secretary"])).toEqual(["submitted", "screening", "recognised"]);
    expect(actionStatuses(["chair"])).toEqual(["council", "recognised"]);
    expect(actionStatuses(["reviewer"])).toEqual([]);
    expect(actionStatuses(["admin"])).toEqual([]);
    expect(rescueStatuses(["secretary"])).toEqual(["in_review"]);
    expect(rescueStatuses(["chair"])).toEqual([]);
  });
});
