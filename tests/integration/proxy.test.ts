/**
 * Behind a reverse proxy: the production server (server.ts over the build) with TRUST_PROXY as a hop count and as
 * a list of proxy addresses. Requests carry X-Forwarded-For as an appending proxy writes it: whatever the client
 * sent first, then the address the proxy saw. Rotating the client-written part must not escape a per-address limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache, trustProxySetting } from "~/utils/env.server";
import { createDb } from "../../db/client";
import { startServer, type RunningServer } from "../setup/server";
import { submissionForm } from "./submit-fixtures";

let hops: RunningServer;
let listed: RunningServer;

beforeAll(async () => {
  const env = { SUBMISSION_RATE_LIMIT: "2", OUTBOX_INTERVAL_MS: "0", JOBS_INTERVAL_MS: "0" };
  [hops, listed] = await Promise.all([
    startServer({ ...env, TRUST_PROXY: "1" }),
    // two proxies: the one on this machine and one inside 10.0.0.0/8
    startServer({ ...env, TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" }),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all([hops?.stop(), listed?.stop()]);
});

let n = 0;
const spoofed = () => `198.18.${++n % 250}.${(n * 7) % 250}`;

async function send(server: RunningServer, pathname: string, body: FormData | URLSearchParams, forwardedFor?: string) {
  const res = await fetch(new URL(pathname, server.url), {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Origin: server.url, ...(forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}) },
  });
  await res.arrayBuffer();
  return res.status;
}

async function buckets(server: RunningServer): Promise<string[]> {
  const db = createDb(server.databaseUrl);
  try {
    const rows = await db.selectFrom("rate_hits").select("bucket").distinct().orderBy("bucket").execute();
    return rows.map((r) => r.bucket);
  } finally {
    await db.destroy();
  }
}

describe("TRUST_PROXY=1 (one proxy in front)", () => {
  it("counts submissions per real client however the client-written part rotates", async () => {
    const real = "203.0.113.50";
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await send(hops, "/submit", submissionForm(), `${spoofed()}, ${real}`));
    expect(statuses).toEqual([302, 302, 429]);
    // the proxy's own entry decides: another real client has its own allowance
    expect(await send(hops, "/submit", submissionForm(), `${spoofed()}, 203.0.113.51`)).toBe(302);
    expect(await buckets(hops)).toEqual(["submit:203.0.113.50", "submit:203.0.113.51"]);
  });

  it("locks sign-in per real client however the client-written part rotates", async () => {
    const real = "203.0.113.60";
    for (let i = 0; i < 5; i++) {
      const body = new URLSearchParams({ email: "admin@example.org", password: `wrong-${i}` });
      expect(await send(hops, "/staff/login", body, `${spoofed()}, ${real}`)).toBe(400);
    }
    const right = new URLSearchParams({ email: "admin@example.org", password: "demo-password" });
    expect(await send(hops, "/staff/login", right, `${spoofed()}, ${real}`)).toBe(429);
    expect(await send(hops, "/staff/login", right, `${real}`)).toBe(429);
  });
});

describe("TRUST_PROXY as a list of proxy addresses and subnets", () => {
  it("takes the right-most address that is not a listed proxy", async () => {
    const real = "203.0.113.70";
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await send(listed, "/submit", submissionForm(), `${spoofed()}, ${real}, 10.1.2.3`));
    expect(statuses).toEqual([302, 302, 429]);
    expect(await buckets(listed)).toEqual([`submit:${real}`]);
  });
});

describe("parsing TRUST_PROXY", () => {
  it("reads none, a hop count, or addresses and subnets; refuses trusting everything", () => {
    expect(trustProxySetting("0")).toBe(false);
    expect(trustProxySetting("")).toBe(false);
    expect(trustProxySetting("2")).toBe(2);
    expect(trustProxySetting("10.0.0.1, 172.16.0.0/12,::1,loopback")).toEqual(["10.0.0.1", "172.16.0.0/12", "::1", "loopback"]);
    for (const bad of ["true", "10.0.0.0/33", "proxy.example", "10.0.0.1/8/8"]) expect(() => trustProxySetting(bad)).toThrow();
    const saved = process.env.TRUST_PROXY;
    try {
      process.env.TRUST_PROXY = "true";
      resetEnvCache();
      expect(() => getEnv()).toThrow(/TRUST_PROXY/);
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
      resetEnvCache();
    }
  });
});
