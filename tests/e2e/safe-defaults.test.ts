/**
 * The real server process (server.ts over the build): what it refuses to start with, what it warns about, and its
 * cross-site check in front of Remix (the same function the integration tests' handler uses, here through Express).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, startupRefusal as refusal, type RunningServer } from "../setup/server";
import { submissionForm } from "../integration/submit-fixtures";

const STRONG_SECRET = "s".repeat(32);

describe("development mode", () => {
  it("refuses to listen on a network address", async () => {
    const out = await refusal({ NODE_ENV: "development", HOST: "0.0.0.0" });
    expect(out).toContain("Refusing to start");
    expect(out).toContain("HOST=0.0.0.0");
    expect(out).toContain("/dev/mail");
    expect(out).toContain("ALLOW_DEV_ON_NETWORK=1");
  }, 60_000);

  it("starts on a network address with ALLOW_DEV_ON_NETWORK=1, under a warning banner", async () => {
    const server = await startServer({ NODE_ENV: "development", HOST: "0.0.0.0", ALLOW_DEV_ON_NETWORK: "1" });
    try {
      expect(server.output()).toMatch(/WARNING: development mode \(NODE_ENV=development\) is listening on HOST=0\.0\.0\.0/);
      expect(server.output()).toContain("/dev/mail lists every email sent");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("starts on loopback without the banner", async () => {
    const server = await startServer({ NODE_ENV: "development", HOST: "127.0.0.1", SEED_DEMO: "no" });
    try {
      expect(server.output()).not.toContain("WARNING");
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe("production", () => {
  it("refuses a session secret shorter than 32 bytes", async () => {
    const out = await refusal({ NODE_ENV: "production", SESSION_SECRET: "0123456789abcdef" });
    expect(out).toMatch(/SESSION_SECRET: .*at least 32 bytes/);
  }, 60_000);

  it("refuses a short secret anywhere in the rotation list", async () => {
    const out = await refusal({ NODE_ENV: "production", SESSION_SECRET: `${STRONG_SECRET},old-short-secret` });
    expect(out).toMatch(/SESSION_SECRET: .*at least 32 bytes/);
  }, 60_000);

  it("refuses to start without SMTP_URL while it is meant to send the mail, before it listens", async () => {
    const out = await refusal({ NODE_ENV: "production", SMTP_URL: "", OUTBOX_INTERVAL_MS: "200" });
    expect(out).toMatch(/SMTP_URL: is required in production/);
    expect(out).not.toContain("listening on");
  }, 60_000);

  it("refuses in cluster mode too, before any worker listens", async () => {
    const out = await refusal({ NODE_ENV: "production", SMTP_URL: "", OUTBOX_INTERVAL_MS: "200", WEB_CONCURRENCY: "2" });
    expect(out).toMatch(/SMTP_URL: is required in production/);
    expect(out).not.toContain("listening on");
  }, 60_000);

  describe("with strong secrets", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ NODE_ENV: "production", SESSION_SECRET: `${STRONG_SECRET}, ${"t".repeat(40)}`, SEED_DEMO: "no" });
    }, 60_000);
    afterAll(() => server?.stop());

    it("refuses posts from another site with a plain 403 before any route runs", async () => {
      const foreign: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }];
      for (const headers of foreign) {
        for (const p of ["/lang", "/staff/logout", "/submit/upload", "/submit", "/staff/login.data"]) {
          const res = await fetch(`${server.url}${p}`, {
            method: "POST",
            body: new URLSearchParams({ lang: "en" }),
            headers,
            redirect: "manual",
          });
          expect(res.status, `${p} ${JSON.stringify(headers)}`).toBe(403);
          expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
          expect(res.headers.get("Set-Cookie")).toBeNull();
          expect(await res.text()).toMatch(/^Yêu cầu bị từ chối/);
        }
      }
    });

    it("takes posts from its own origin and from clients without browser headers", async () => {
      const own: Record<string, string>[] = [{ Origin: server.url, "Sec-Fetch-Site": "same-origin" }, {}];
      for (const headers of own) {
        const res = await fetch(`${server.url}/lang`, {
          method: "POST",
          body: new URLSearchParams({ lang: "en" }),
          headers,
          redirect: "manual",
        });
        expect(res.status).toBe(302);
        expect(res.headers.get("Set-Cookie")).toMatch(/^lang=en/);
      }
    });

    it("sends the security headers and a fresh CSP nonce with every page", async () => {
      const [a, b] = [await fetch(`${server.url}/`), await fetch(`${server.url}/`)];
      for (const res of [a, b]) {
        expect(res.status).toBe(200);
        expect(res.headers.get("Content-Security-Policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
        expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
        expect(res.headers.get("Content-Security-Policy")).toContain("object-src 'none'");
        expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
        expect(res.headers.get("X-Frame-Options")).toBe("DENY");
        expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
        expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d{7,}; includeSubDomains/);
        expect(res.headers.get("X-Powered-By")).toBeNull();
      }
      const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("Content-Security-Policy")!)![1];
      expect(nonce(a)).not.toBe(nonce(b));
    });

    it("marks the receipt cookie, which opens the private page, Secure even when the app sees plain http", async () => {
      const res = await fetch(`${server.url}/submit`, { method: "POST", body: submissionForm(), redirect: "manual" });
      expect(res.status).toBe(302);
      const receipt = res.headers.getSetCookie().find((c) => c.startsWith("sk_receipt="));
      expect(receipt).toMatch(/; Secure/);
      expect(receipt).toMatch(/HttpOnly; SameSite=Strict/);
    });
  });
});
