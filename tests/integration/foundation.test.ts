import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "~/models/initiative/lifecycle";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

describe("foundation", () => {
  it("answers /healthz (liveness) and /readyz (the database answers) with JSON", async () => {
    const res = await app.fetch("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    const ready = await app.fetch("/readyz");
    expect(ready.status).toBe(200);
    expect((await ready.json()).database).toBe("ok");
  });

  it("seeds the 126 units, the agencies, the rubric and the commendation levels", async () => {
    const count = async (table: "units" | "agencies" | "rubric_criteria" | "commendation_levels") =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("units")).toBe(126);
    expect(await count("agencies")).toBe(17);
    // The base level's rubric; the demo's city-level round adds a version of its own (docs/decisions/039-city-level-round.md).
    const baseCriteria = await t.db
      .selectFrom("rubric_criteria")
      .innerJoin("rubric_versions", "rubric_versions.id", "rubric_criteria.rubric_version_id")
      .select("rubric_criteria.id")
      .where("rubric_versions.level", "=", "base")
      .execute();
    expect(baseCriteria).toHaveLength(4);
    expect(await count("commendation_levels")).toBe(4);
    const phuong = await t.db
      .selectFrom("units")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("type", "=", "phường")
      .executeTakeFirstOrThrow();
    expect(Number(phuong.n)).toBe(51);
  });

  it("seeds a demo over every status with six staff accounts", async () => {
    const rows = await t.db.selectFrom("initiatives").select(["status"]).execute();
    expect(rows.length).toBeGreaterThanOrEqual(38);
    for (const s of STATUSES)
      expect(
        rows.some((r) => r.status === s),
        s,
      ).toBe(true);
    const users = await t.db.selectFrom("users").select("email").execute();
    expect(users.map((u) => u.email).sort()).toEqual(
      ["admin", "chair", "reviewer1", "reviewer2", "reviewer3", "secretary"].map((n) => `${n}@example.org`),
    );
    const published = await t.db.selectFrom("publications").select("slug").execute();
    expect(published.length).toBeGreaterThanOrEqual(5);
  });

  it("renders pages in Vietnamese by default and English after the switch", async () => {
    const vi = await app.fetch("/");
    expect(await vi.text()).toContain('<html lang="vi"');
    const sw = await app.fetch("/lang", {
      method: "POST",
      body: new URLSearchParams({ lang: "en", redirectTo: "https://evil.example/" }),
    });
    expect(sw.status).toBe(302);
    expect(sw.headers.get("Location")).toBe("/");
    const cookie = sw.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/lang=en/);
    expect(cookie).toMatch(/HttpOnly/);
    const en = await app.fetch("/", { headers: { Cookie: "lang=en" } });
    expect(await en.text()).toContain('<html lang="en"');
  });
});

describe("rendering", () => {
  // React 18's streaming renderer can leave NUL bytes where a Vietnamese character meets a 2 KB chunk boundary.
  it("sends no NUL byte in any longer page", async () => {
    for (const p of ["/", "/submit", "/track", "/initiatives", "/statistics", "/open-data", "/staff/login"]) {
      const res = await app.fetch(p);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.length, p).toBeGreaterThan(2048);
      expect(bytes.includes(0), `${p} contains a NUL byte`).toBe(false);
    }
  });
});

describe("site address", () => {
  it("never takes the site's address from a forged Host header", async () => {
    const pub = await t.db.selectFrom("publications").select(["slug", "certificate_number"]).executeTakeFirstOrThrow();
    for (const p of [`/initiatives/${pub.slug}`, "/feed.xml", "/sitemap.xml", `/certificates/${pub.certificate_number}/print`]) {
      const res = await app.fetch(new Request(`http://evil.example${p}`));
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).not.toContain("evil.example");
    }
  });
});
