import { describe, expect, it } from "vitest";
import { nextStatuses, STATUSES, TRANSITIONS } from "~/models/initiative/lifecycle";
import { can, isRole, PERMISSIONS, ROLES, type Permission } from "~/utils/permissions";

describe("the permission matrix", () => {
  it("gives every permission to at least one known role", () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      expect(roles.length, permission).toBeGreaterThan(0);
      for (const r of roles) expect(isRole(r), `${permission}: ${r}`).toBe(true);
    }
  });

  it("keeps the submitter's identity away from reviewers", () => {
    for (const p of ["initiative.view", "initiative.files", "queue.all"] as Permission[]) expect(can(["reviewer"], p), p).toBe(false);
    expect(can(["reviewer"], "queue.view")).toBe(true);
    expect(can(["reviewer"], "review.own")).toBe(true);
  });

  it("keeps administration to administrators", () => {
    for (const p of Object.keys(PERMISSIONS).filter((k) => k.startsWith("admin.")) as Permission[]) {
      expect(
        ROLES.filter((r) => can([r], p)),
        p,
      ).toEqual(["admin"]);
    }
  });

  it("lets a person holding several roles do what any of them may", () => {
    expect(can(["reviewer", "secretary"], "initiative.screen")).toBe(true);
    expect(can(["reviewer", "secretary"], "review.own")).toBe(true);
    expect(can([], "queue.view")).toBe(false);
    expect(isRole("root")).toBe(false);
  });

  it("agrees with the lifecycle: whoever may move a status holds the matching permission", () => {
    const screening = new Set(["screening", "needs_info", "rejected", "in_review", "council"]);
    for (const t of TRANSITIONS) {
      for (const actor of t.by) {
        if (!isRole(actor)) continue;
        if (screening.has(t.to))
          expect(can([actor], t.to === "in_review" ? "initiative.assign" : "initiative.screen"), `${actor} ${t.from}→${t.to}`).toBe(true);
        if (t.to === "recognised" || t.to === "not_recognised") expect(can([actor], "decision.record")).toBe(true);
        if (t.to === "published") expect(can([actor], "publication.manage")).toBe(true);
      }
    }
    // and a reviewer moves nothing by hand
    for (const s of STATUSES) expect(nextStatuses(s, ["reviewer"])).toEqual([]);
  });
});
