/**
 * Who is signed in, and may they do this? Every staff loader and action starts with `requireUser` or
 * `requirePermission`; the permission matrix itself lives in `permissions.ts`.
 */
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findUserBySession, type StaffUser } from "../models/staff/users.server";
import { httpError, safeRedirect } from "./http.server";
import { can, type Permission } from "./permissions";
import { commitSessionCookie, createSessionRow, deleteSessionRow, destroySessionCookie, readSessionId } from "./session.server";

export type { StaffUser };

type Ctx = Pick<AppLoadContext, "db">;

export const LOGIN_PATH = "/staff/login";
export const PASSWORD_PATH = "/staff/password";
/** Pages a user who must change their password may still open. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([PASSWORD_PATH, "/staff/logout", LOGIN_PATH]);

/**
 * The loaders of one request share the lookup. Remix hands each loader its own copy of the request (without its
 * `index` and `_routes` parameters), so the key is the load context, which server.ts makes per request and passes
 * to every loader alike; the cookie is compared too. Actions look up afresh and store nothing: an action may sign in,
 * sign out or change the password, and the loaders that run after it must see the result.
 */
const cache = new WeakMap<object, { cookie: string; user: Promise<StaffUser | null> }>();

export function getUser(request: Request, context: Ctx): Promise<StaffUser | null> {
  const lookUp = async () => {
    const id = await readSessionId(request);
    if (!id) return null;
    return findUserBySession(context.db, id);
  };
  if (request.method !== "GET" && request.method !== "HEAD") return lookUp();
  const cookie = request.headers.get("Cookie") ?? "";
  const hit = cache.get(context);
  if (hit && hit.cookie === cookie) return hit.user;
  const user = lookUp();
  cache.set(context, { cookie, user });
  return user;
}

/** Path and query of the request, for coming back after the login (without Remix's data suffixes). */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  url.searchParams.delete("_data");
  url.searchParams.delete("_routes");
  const search = url.searchParams.toString();
  return path + (search ? `?${search}` : "");
}

export async function requireUser(request: Request, context: Ctx): Promise<StaffUser> {
  const user = await getUser(request, context);
  if (!user) {
    throw redirect(`${LOGIN_PATH}?${new URLSearchParams({ redirectTo: returnPath(request) })}`);
  }
  if (user.mustChangePassword) {
    const path = new URL(request.url).pathname.replace(/\.data$/, "");
    if (!ALLOWED_BEFORE_PASSWORD_CHANGE.has(path)) {
      throw redirect(`${PASSWORD_PATH}?${new URLSearchParams({ redirectTo: returnPath(request) })}`);
    }
  }
  return user;
}

export async function requirePermission(request: Request, context: Ctx, permission: Permission): Promise<StaffUser> {
  const user = await requireUser(request, context);
  if (!can(user.roles, permission)) throw httpError(403, "forbidden");
  return user;
}

/** Signs a user in: a fresh session id (the old one, if any, is dropped), then back to where they were going. */
export async function createUserSession(
  request: Request,
  context: { db: Kysely<Database> },
  opts: { userId: number; redirectTo?: string | null },
): Promise<Response> {
  const previous = await readSessionId(request);
  if (previous) await deleteSessionRow(context.db, previous);
  const { id, expires } = await createSessionRow(context.db, opts.userId);
  return redirect(safeRedirect(opts.redirectTo ?? null, "/staff"), {
    headers: { "Set-Cookie": await commitSessionCookie(id, expires) },
  });
}

/** Ends this session on the server and clears the cookie. */
export async function logout(request: Request, context: Ctx, redirectTo = LOGIN_PATH): Promise<Response> {
  const id = await readSessionId(request);
  if (id) await deleteSessionRow(context.db, id);
  return redirect(safeRedirect(redirectTo, LOGIN_PATH), { headers: { "Set-Cookie": await destroySessionCookie() } });
}
