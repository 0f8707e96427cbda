import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/http.server";

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/staff?status=screening", "/x")).toBe("/staff?status=screening");
    expect(safeRedirect("/staff/initiatives/SK-2026-000001", "/x")).toBe("/staff/initiatives/SK-2026-000001");
  });

  it("refuses other sites, including the forms a browser reads as //host", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "evil",
      "",
      null,
      undefined,
    ]) {
      expect(safeRedirect(bad, "/fallback"), JSON.stringify(bad)).toBe("/fallback");
    }
  });

  it("agrees with the browser's URL parser: whatever it keeps stays on this site", () => {
    for (const candidate of ["/a", "/\t/evil.example", "/\\\\evil.example", "/%2F%2Fevil.example", "/.//evil.example"]) {
      const target = safeRedirect(candidate, "/");
      expect(new URL(target, "https://app.example").host, candidate).toBe("app.example");
    }
  });
});
