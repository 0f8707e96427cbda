/** Shared steps of the staff tests: signing in as a demo account and posting forms with its cookie. */
import { expect } from "vitest";
import { cookiesFrom, type TestApp } from "../setup/app";

export const DEMO_PASSWORD = "demo-password";
export const ACCOUNTS = {
  admin: "admin@example.org",
  secretary: "secretary@example.org",
  reviewer: "reviewer1@example.org",
  reviewer2: "reviewer2@example.org",
  reviewer3: "reviewer3@example.org",
  chair: "chair@example.org",
} as const;

export async function login(
  app: TestApp,
  email: string,
  password = DEMO_PASSWORD,
  opts: { ip?: string; cookie?: string; redirectTo?: string } = {},
) {
  const res = await app.fetch("/staff/login", {
    method: "POST",
    body: new URLSearchParams({ email, password, ...(opts.redirectTo ? { redirectTo: opts.redirectTo } : {}) }),
    headers: opts.cookie ? { Cookie: opts.cookie } : {},
    ip: opts.ip,
  });
  return res;
}

/** Signs in and returns the Cookie header for later requests. */
export async function signIn(app: TestApp, email: string, password = DEMO_PASSWORD, ip?: string): Promise<string> {
  const res = await login(app, email, password, { ip });
  expect(res.status, `sign-in of ${email}`).toBe(302);
  const cookie = cookiesFrom(res);
  expect(cookie).toMatch(/sk_staff=/);
  return cookie;
}

export function get(app: TestApp, path: string, cookie?: string, lang?: "vi" | "en") {
  const c = [cookie, lang ? `lang=${lang}` : ""].filter(Boolean).join("; ");
  return app.fetch(path, { headers: c ? { Cookie: c } : {}, redirect: "manual" });
}

export function post(
  app: TestApp,
  path: string,
  cookie: string | undefined,
  fields: Record<string, string | string[]>,
  lang?: "vi" | "en",
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const c = [cookie, lang ? `lang=${lang}` : ""].filter(Boolean).join("; ");
  return app.fetch(path, { method: "POST", body, headers: c ? { Cookie: c } : {}, redirect: "manual" });
}

/** The login redirect for an anonymous visitor to `path`. */
export function expectLoginRedirect(res: Response, path: string) {
  expect(res.status).toBe(302);
  const location = res.headers.get("Location") ?? "";
  const url = new URL(location, "http://x");
  expect(url.pathname).toBe("/staff/login");
  expect(url.searchParams.get("redirectTo")).toBe(path);
}
