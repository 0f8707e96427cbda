import { describe, expect, it } from "vitest";
import { newUserSchema, refusesSelfChange } from "~/models/staff/user-rules";

const t = { nameRequired: "name", emailInvalid: "email", roleRequired: "roles" };

describe("the new-account form", () => {
  it("cleans the name, folds the email to lower case and keeps only known roles", () => {
    const r = newUserSchema(t).parse({ name: "  Đặng   Thu Hà ", email: " Ha.Dang@Example.org ", roles: ["chair", "root", "secretary"] });
    expect(r).toEqual({ name: "Đặng Thu Hà", email: "ha.dang@example.org", roles: ["chair", "secretary"] });
  });

  it("names every field that is wrong at once", () => {
    const r = newUserSchema(t).safeParse({ name: " ", email: "not-an-email", roles: ["root"] });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toEqual({ name: "name", email: "email", roles: "roles" });
  });
});

describe("an administrator's changes to their own account", () => {
  it("refuses giving up one's own administrator role, deactivating or reactivating oneself", () => {
    expect(refusesSelfChange(1, 1, { roles: ["secretary"] })).toBe(true);
    expect(refusesSelfChange(1, 1, { roles: [] })).toBe(true);
    expect(refusesSelfChange(1, 1, { active: false })).toBe(true);
    expect(refusesSelfChange(1, 1, { active: true })).toBe(true);
  });

  it("allows keeping the administrator role, and any change to another account", () => {
    expect(refusesSelfChange(1, 1, { roles: ["admin", "chair"] })).toBe(false);
    expect(refusesSelfChange(1, 2, { roles: ["secretary"] })).toBe(false);
    expect(refusesSelfChange(1, 2, { active: false })).toBe(false);
  });
});
