/**
 * Staff accounts: lookups for sign-in, and the administrator's changes (each audited, and each change
 * of roles, password or activity ends the user's sessions at once).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { hashPassword } from "../../utils/password.server";
import { assertPasswordAllowed } from "../../utils/password-policy.server";
import { isRole, ROLES, seesIdentities, type Role } from "../../utils/permissions";
import { hashSessionId, deleteUserSessions } from "../../utils/session.server";
import { randomToken } from "../../utils/tokens.server";
import { audit } from "../audit/audit.server";
import { InvalidTransitionError, ValidationError } from "../errors";
import { refusesSelfChange } from "./user-rules";

type Executor = Kysely<Database> | Transaction<Database>;

/** A signed-in member of staff, as the pages and the permission checks see them. */
export type StaffUser = { id: number; email: string; name: string; roles: Role[]; mustChangePassword: boolean };

export function normaliseEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

function sortRoles(roles: string[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

export async function rolesOf(db: Executor, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute();
  return sortRoles(rows.map((r) => r.role).filter(isRole));
}

/** The active user behind a live session id, or null. */
export async function findUserBySession(db: Executor, sessionId: string, now = new Date()): Promise<StaffUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.must_change_password"])
    .where("sessions.id", "=", hashSessionId(sessionId))
    .where("sessions.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: await rolesOf(db, row.id),
    mustChangePassword: row.must_change_password === 1,
  };
}

export async function findUserForLogin(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "password_hash", "active", "must_change_password"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  active: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  createdAt: string;
}

export async function listUsers(db: Executor): Promise<UserListRow[]> {
  const users = await db
    .selectFrom("users")
    .select(["id", "email", "name", "active", "must_change_password", "created_at"])
    .orderBy("active", "desc")
    .orderBy("name")
    .execute();
  const roles = await db.selectFrom("user_roles").select(["user_id", "role"]).execute();
  const byUser = new Map<number, string[]>();
  for (const r of roles) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role]);
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    active: u.active === 1,
    mustChangePassword: u.must_change_password === 1,
    roles: sortRoles(byUser.get(u.id) ?? []),
    createdAt: u.created_at,
  }));
}

export async function getUserById(db: Executor, id: number) {
  const u = await db
    .selectFrom("users")
    .select(["id", "email", "name", "active", "must_change_password"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!u) return null;
  return { ...u, roles: await rolesOf(db, u.id) };
}

/** A one-time password: readable, long enough, shown to the administrator once. */
export function oneTimePassword(): string {
  return randomToken(12).replace(/[-_]/g, "x");
}

export class EmailTakenError extends ValidationError {
  constructor() {
    super("email_taken", { fieldErrors: { email: ["email_taken"] } });
  }
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; roles: Role[]; password?: string; actorUserId: number | null; now?: Date },
): Promise<{ id: number; password: string }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const email = normaliseEmail(input.email);
  // A chosen password meets the policy; a one-time one is random and must be changed at the first sign-in.
  if (input.password !== undefined) assertPasswordAllowed(input.password);
  const password = input.password ?? oneTimePassword();
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new EmailTakenError();
    const user = await trx
      .insertInto("users")
      .values({ email, name: input.name, password_hash: hash, must_change_password: 1, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const roles = sortRoles(input.roles);
    if (roles.length)
      await trx
        .insertInto("user_roles")
        .values(roles.map((role) => ({ user_id: user.id, role })))
        .execute();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { email, roles },
      now,
    });
    return { id: user.id, password };
  });
}

/**
 * A reviewer with a review still open cannot be given a role that sees identities: they would then
 * score, blind no more, an initiative whose submitter they can look up.
 */
export class OpenReviewsError extends InvalidTransitionError {
  constructor(public readonly count: number) {
    super("open_reviews", { count });
  }
}

/** Reviews this user may still write: assigned, on an initiative still in review. */
export async function openReviewCount(db: Executor, userId: number): Promise<number> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
    .select("assignments.id")
    .where("assignments.reviewer_id", "=", userId)
    .where("assignments.status", "=", "assigned")
    .where("initiatives.status", "=", "in_review")
    .execute();
  return rows.length;
}

/** An administrator's change to their own account that would lock them out (user-rules.ts). */
export class SelfChangeError extends Error {
  constructor() {
    super("not_self");
  }
}

export async function setUserRoles(db: Kysely<Database>, userId: number, roles: Role[], actorUserId: number): Promise<void> {
  const next = sortRoles(roles);
  if (refusesSelfChange(actorUserId, userId, { roles: next })) throw new SelfChangeError();
  await db.transaction().execute(async (trx) => {
    if (seesIdentities(next)) {
      const open = await openReviewCount(trx, userId);
      if (open > 0) throw new OpenReviewsError(open);
    }
    const before = await rolesOf(trx, userId);
    await trx.deleteFrom("user_roles").where("user_id", "=", userId).execute();
    if (next.length)
      await trx
        .insertInto("user_roles")
        .values(next.map((role) => ({ user_id: userId, role })))
        .execute();
    await trx.updateTable("users").set({ updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
    // New rights (or fewer) take effect now, not at the next login.
    await deleteUserSessions(trx, userId);
    await audit(trx, { actorUserId, action: "user.roles", targetType: "user", targetId: userId, details: { before, after: next } });
  });
}

export async function setUserActive(db: Kysely<Database>, userId: number, active: boolean, actorUserId: number): Promise<void> {
  if (refusesSelfChange(actorUserId, userId, { active })) throw new SelfChangeError();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ active: active ? 1 : 0, updated_at: new Date().toISOString() })
      .where("id", "=", userId)
      .execute();
    await deleteUserSessions(trx, userId);
    await audit(trx, { actorUserId, action: active ? "user.reactivate" : "user.deactivate", targetType: "user", targetId: userId });
  });
}

/** The administrator sets a new one-time password; the user must change it at the next login. */
export async function resetUserPassword(db: Kysely<Database>, userId: number, actorUserId: number | null): Promise<string> {
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, must_change_password: 1, updated_at: new Date().toISOString() })
      .where("id", "=", userId)
      .execute();
    await deleteUserSessions(trx, userId);
    await audit(trx, { actorUserId, action: "user.password_reset", targetType: "user", targetId: userId });
  });
  return password;
}

/** The user changes their own password: other sessions end, the current one stays. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  userId: number,
  newPassword: string,
  keepSessionId: string | null,
): Promise<void> {
  assertPasswordAllowed(newPassword);
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: hash, must_change_password: 0, updated_at: new Date().toISOString() })
      .where("id", "=", userId)
      .execute();
    await deleteUserSessions(trx, userId, keepSessionId ?? undefined);
    await audit(trx, { actorUserId: userId, action: "user.password_change", targetType: "user", targetId: userId });
  });
}

/** Active users holding a role, for pickers (e.g. reviewers to assign). */
export async function activeUsersWithRole(db: Executor, role: Role) {
  return db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "users.email"])
    .where("user_roles.role", "=", role)
    .where("users.active", "=", 1)
    .orderBy("users.name")
    .execute();
}
