/**
 * Server-side staff sessions. The cookie carries only a random id; the database keeps a SHA-256 of it,
 * so a copy of the sessions table cannot be replayed as cookies. Deleting a user's rows ends every
 * session at once (logout, password change, role change, deactivation).
 */
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { getEnv, sessionSecrets } from "./env.server";
import { randomToken } from "./tokens.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Staff sessions last a working day; a new login is asked for after that. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE_NAME = "sk_staff";

let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  cookie ??= createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().NODE_ENV === "production",
    path: "/",
    // Signed so a guessed or tampered value is refused before touching the database; the first secret signs.
    secrets: sessionSecrets(),
  });
  return cookie;
}

export function hashSessionId(id: string): string {
  return crypto.createHash("sha256").update(id).digest("base64url");
}

/** The raw session id from the request's cookie, or null. */
export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 16 ? value : null;
}

export async function createSessionRow(db: Executor, userId: number, now = new Date()): Promise<{ id: string; expires: Date }> {
  const id = randomToken(32);
  const expires = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto("sessions")
    .values({ id: hashSessionId(id), user_id: userId, created_at: now.toISOString(), expires_at: expires.toISOString() })
    .execute();
  return { id, expires };
}

export async function deleteSessionRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", hashSessionId(id)).execute();
}

/** Ends every session of a user, except optionally the one they are using now. */
export async function deleteUserSessions(db: Executor, userId: number, exceptId?: string): Promise<void> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", hashSessionId(exceptId));
  await q.execute();
}

export async function commitSessionCookie(id: string, expires: Date): Promise<string> {
  return sessionCookie().serialize(id, { expires });
}

export async function destroySessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { expires: new Date(0), maxAge: 0 });
}
