import { describe, expect, it } from "vitest";
import { findTransition } from "~/models/initiative/lifecycle";
import { publicationActor } from "~/models/publication/publication-rules";
import { can, ROLES } from "~/utils/permissions";

describe("who publishes", () => {
  it("is a role the lifecycle lets publish, for every role that may manage publication", () => {
    const by = findTransition("recognised", "published")!.by;
    for (const role of ROLES) {
      const actor = publicationActor([role]);
      expect(actor, role).toBe(can([role], "publication.manage") ? role : null);
      if (actor) expect(by).toContain(actor);
    }
  });

  it("names the secretary when one person holds both roles, as the history always has", () => {
    expect(publicationActor(["chair", "secretary"])).toBe("secretary");
    expect(publicationActor(["admin", "chair"])).toBe("chair");
    expect(publicationActor(["admin", "reviewer"])).toBeNull();
  });
});
