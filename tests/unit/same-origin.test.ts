import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "~/utils/same-origin.server";
import { isLoopbackHost } from "~/utils/env.server";

const post = (headers: Record<string, string>, method = "POST") => ({ method, headers: new Headers(headers) });

describe("crossSiteRefusal", () => {
  const site = "https://sangkien.hanoi.example";

  it("lets the site's own origin and header-less clients through", () => {
    expect(crossSiteRefusal(post({ Origin: site }), site)).toBeNull();
    expect(crossSiteRefusal(post({ Origin: site, "Sec-Fetch-Site": "same-origin" }), site)).toBeNull();
    expect(crossSiteRefusal(post({}), site)).toBeNull();
    // a configured address with a path or a trailing slash has the same origin
    expect(crossSiteRefusal(post({ Origin: site }), `${site}/`)).toBeNull();
  });

  it("refuses another origin, a null origin and Sec-Fetch-Site: cross-site", () => {
    const cases: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Origin: "http://sangkien.hanoi.example" },
      { Origin: "https://sangkien.hanoi.example:8443" },
      { Origin: "https://sub.sangkien.hanoi.example" },
      { Origin: "null" },
      { Origin: "" },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "Cross-Site" },
      { Origin: site, "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of cases) {
      expect(crossSiteRefusal(post(headers), site)?.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("checks every method but GET and HEAD", () => {
    for (const m of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "post"])
      expect(crossSiteRefusal(post({ Origin: "https://evil.example" }, m), site)?.status).toBe(403);
    for (const m of ["GET", "HEAD"]) expect(crossSiteRefusal(post({ Origin: "https://evil.example" }, m), site)).toBeNull();
  });

  it("on this machine, takes localhost, 127.0.0.1 and [::1] on the same port for one site", () => {
    const local = "http://127.0.0.1:3000";
    for (const o of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"])
      expect(crossSiteRefusal(post({ Origin: o }), local)).toBeNull();
    for (const o of ["http://localhost:3001", "https://localhost:3000", "http://evil.example:3000"])
      expect(crossSiteRefusal(post({ Origin: o }), local)?.status).toBe(403);
    // and a public site never accepts a loopback origin
    expect(crossSiteRefusal(post({ Origin: "http://localhost" }), "http://sangkien.hanoi.example")?.status).toBe(403);
  });
});

describe("isLoopbackHost", () => {
  it("knows 127.0.0.0/8, ::1 and localhost", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "128.0.0.1", "example.org", "localhost.example.org", ""])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
