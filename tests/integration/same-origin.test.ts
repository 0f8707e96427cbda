/**
 * Cross-site requests: every route that takes a POST, found in the build itself (so a route added later is
 * covered without touching this file), is posted to from a foreign origin and with `Sec-Fetch-Site: cross-site`,
 * as a document request and as a single-fetch `.data` request. Each answer is a plain 403 in the user's language,
 * and the database and the data folder are exactly as before. Same-origin requests and requests from clients that
 * send neither header (scripts, these tests) still work.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { ServerBuild } from "@remix-run/node";
import { dictionaryFor } from "~/i18n/index";
import type { DB } from "../../db/client";
import { createTestDb, type TestDb } from "../setup/db";
import { BASE, cookiesFrom, createTestApp, loadBuild, type TestApp } from "../setup/app";
import { ACCOUNTS, signIn } from "./staff-support";
import { listFiles, pdfBytes, submissionForm } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;
let build: ServerBuild;
let dataDir: string;
let adminCookie: string;

const EVIL = "https://evil.example";
const REFUSED = { vi: dictionaryFor("vi").common.errors.crossSite, en: dictionaryFor("en").common.errors.crossSite };

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
  build = await loadBuild();
  adminCookie = await signIn(app, ACCOUNTS.admin);
});
afterAll(() => t.cleanup());

/** Every row of every table, in a stable order: "nothing written" means this is unchanged. */
async function snapshot(db: DB): Promise<string> {
  // Both engines: the tables the migrations made (Kysely's own bookkeeping left out).
  const tables = (await db.introspection.getTables()).map((x) => ({ name: x.name })).sort((a, b) => a.name.localeCompare(b.name));
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out) + JSON.stringify(listFiles(dataDir));
}

interface PostTarget {
  routeId: string;
  /** The URL a browser posts the route's form to. */
  document: string;
  /** The single-fetch URL the enhanced form posts to, for routes with a page. */
  data: string | null;
}

/** The routes with an action, from the build, with any value in their dynamic segments. */
function postTargets(b: ServerBuild): PostTarget[] {
  const fullPath = (id: string | undefined): string => {
    if (!id) return "";
    const r = b.routes[id];
    const own = (r.path ?? "").replace(/:\w+\??/g, "x").replace(/\*/, "x");
    return [fullPath(r.parentId), own].filter(Boolean).join("/");
  };
  return Object.values(b.routes)
    .filter((r) => typeof r.module.action === "function")
    .map((r) => {
      const p = "/" + fullPath(r.id);
      const query = r.index ? "?index" : "";
      const hasPage = r.module.default != null || r.module.ErrorBoundary != null;
      return {
        routeId: r.id,
        document: p + query,
        data: hasPage ? `${p === "/" ? "/_root" : p}.data${query}` : null,
      };
    });
}

/** A body the route would accept if the request got through: a real submission for the submission routes. */
function bodyFor(target: PostTarget): FormData | URLSearchParams {
  if (target.routeId.startsWith("routes/submit")) return submissionForm({}, [["đề xuất.pdf", pdfBytes()]]);
  if (target.routeId === "routes/lang") return new URLSearchParams({ lang: "en", redirectTo: "/" });
  if (target.routeId === "routes/staff.login") return new URLSearchParams({ email: ACCOUNTS.secretary, password: "demo-password" });
  if (target.routeId === "routes/staff.admin.users") {
    return new URLSearchParams({ intent: "create", email: "forged@example.org", name: "Forged", roles: "admin" });
  }
  return new URLSearchParams({ intent: "x" });
}

const FOREIGN: Array<[string, Record<string, string>]> = [
  ["a foreign Origin", { Origin: EVIL }],
  ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
  ["a foreign Origin and Sec-Fetch-Site: cross-site", { Origin: EVIL, "Sec-Fetch-Site": "cross-site" }],
  ["Origin: null", { Origin: "null" }],
  ["a same-site origin on another port", { Origin: "http://localhost:4000" }],
];

async function expectRefused(res: Response, lang: "vi" | "en" = "vi") {
  expect(res.status).toBe(403);
  expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
  expect(res.headers.get("Set-Cookie")).toBeNull();
  expect(await res.text()).toBe(REFUSED[lang]);
}

describe("posts from another site", () => {
  it("finds the routes that take a POST in the build", () => {
    const ids = postTargets(build).map((x) => x.routeId);
    // The ones that prompted this check, among all the others.
    expect(ids).toEqual(expect.arrayContaining(["routes/staff.logout", "routes/submit_.upload", "routes/lang", "routes/submit"]));
    expect(ids.length).toBeGreaterThanOrEqual(15);
  });

  it("are refused with 403 on every route that takes a POST, before the route runs", async () => {
    const before = await snapshot(t.db);
    for (const table of ["initiatives", "outbox", "sessions", "users", "attachments"]) expect(before).toContain(`"${table}":[`);
    const failures: string[] = [];
    for (const target of postTargets(build)) {
      for (const url of [target.document, target.data].filter((u): u is string => u !== null)) {
        for (const [how, headers] of FOREIGN) {
          const res = await app.fetch(url, {
            method: "POST",
            body: bodyFor(target),
            headers: { ...headers, Cookie: adminCookie },
            redirect: "manual",
          });
          const text = await res.text();
          if (res.status !== 403 || text !== REFUSED.vi || !/^text\/plain/.test(res.headers.get("Content-Type") ?? "")) {
            failures.push(`${url} with ${how}: ${res.status} ${text.slice(0, 80)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Nothing written: no initiative, no outbox mail, no file, the admin's session still there, no account.
    expect(await snapshot(t.db)).toBe(before);
  });

  it("are refused for every method that is not a read, and for paths without an action", async () => {
    const before = await snapshot(t.db);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      await expectRefused(await app.fetch("/staff/logout", { method, headers: { Origin: EVIL, Cookie: adminCookie } }));
    }
    for (const url of ["/", "/healthz", "/no-such-page", "/_root.data"]) {
      await expectRefused(await app.fetch(url, { method: "POST", body: "a=1", headers: { "Sec-Fetch-Site": "cross-site" } }));
    }
    expect(await snapshot(t.db)).toBe(before);
  });

  it("answers in English when the visitor chose English", async () => {
    const res = await app.fetch("/track", {
      method: "POST",
      body: new URLSearchParams({ code: "SK-2026-000001" }),
      headers: { Origin: EVIL, Cookie: "lang=en" },
    });
    await expectRefused(res, "en");
  });

  it("does not stop links and reads from other sites", async () => {
    const home = await app.fetch("/", { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(home.status).toBe(200);
    const data = await app.fetch("/initiatives.data", { headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site" } });
    expect(data.status).toBe(200);
    const head = await app.fetch("/", { method: "HEAD", headers: { Origin: EVIL } });
    expect(head.status).toBe(200);
  });
});

describe("posts from this site", () => {
  it("work with the site's own Origin and Sec-Fetch-Site: same-origin", async () => {
    const lang = await app.fetch("/lang", {
      method: "POST",
      body: new URLSearchParams({ lang: "en", redirectTo: "/initiatives" }),
      headers: { Origin: BASE, "Sec-Fetch-Site": "same-origin" },
      redirect: "manual",
    });
    expect(lang.status).toBe(302);
    expect(lang.headers.get("Set-Cookie")).toMatch(/^lang=en/);

    // A document action: Remix's own check compares Origin with Host, which a browser always sends.
    const initiatives = async () =>
      Number(
        (
          await t.db
            .selectFrom("initiatives")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const count = await initiatives();
    const submitted = await app.fetch("/submit", {
      method: "POST",
      body: submissionForm(),
      headers: { Origin: BASE, Host: new URL(BASE).host, "Sec-Fetch-Site": "same-origin" },
      redirect: "manual",
      ip: "198.51.100.200",
    });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe("/submit/received");
    expect(await initiatives()).toBe(count + 1);

    const cookie = await signIn(app, ACCOUNTS.secretary);
    const out = await app.fetch("/staff/logout", { method: "POST", headers: { Origin: BASE, Cookie: cookie }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(cookiesFrom(out, cookie)).not.toMatch(/sk_staff=/);
  });

  it("work from a client that sends neither header", async () => {
    const lang = await app.fetch("/lang", { method: "POST", body: new URLSearchParams({ lang: "vi" }), redirect: "manual" });
    expect(lang.status).toBe(302);
    const upload = await app.fetch("/submit/upload", { method: "POST", body: submissionForm(), ip: "198.51.100.201" });
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({ ok: true });
  });

  it("work with Sec-Fetch-Site: same-site or none and no Origin (a typed address, a bookmarklet)", async () => {
    for (const site of ["same-site", "none"]) {
      const res = await app.fetch("/lang", {
        method: "POST",
        body: new URLSearchParams({ lang: "vi" }),
        headers: { "Sec-Fetch-Site": site },
        redirect: "manual",
      });
      expect(res.status, site).toBe(302);
    }
  });
});
