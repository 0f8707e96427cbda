/**
 * The rules of staff accounts that need no database: the new-account form's schema (the server's check,
 * and the page's hints) and the guard against an administrator locking themselves out. Pure.
 */
import { z } from "zod";
import { isRole, ROLES, type Role } from "../../utils/permissions";
import { cleanLine } from "../../utils/text";

export const NAME_MAX = 200;
export const EMAIL_MAX = 254;

/** The roles among the submitted values; anything else is dropped. */
export function pickRoles(values: readonly unknown[]): Role[] {
  return values.map(String).filter(isRole);
}

/** The new-account form; the messages come in the user's language. */
export function newUserSchema(t: { nameRequired: string; emailInvalid: string; roleRequired: string }) {
  return z.object({
    name: z.string().transform(cleanLine).pipe(z.string().min(1, t.nameRequired).max(NAME_MAX, t.nameRequired)),
    email: z.string().trim().toLowerCase().pipe(z.string().max(EMAIL_MAX, t.emailInvalid).email(t.emailInvalid)),
    roles: z
      .array(z.unknown())
      .transform(pickRoles)
      .pipe(z.array(z.enum(ROLES)).min(1, t.roleRequired)),
  });
}

/** A change an administrator makes to an account: its roles, or whether it is active. */
export type AccountChange = { roles: readonly Role[] } | { active: boolean };

/**
 * Whether this change is one an administrator may not make to their own account: deactivating (or
 * reactivating) themselves, or giving up their own administrator role. Either would leave the change
 * with no one signed in who could undo it.
 */
export function refusesSelfChange(actorUserId: number, targetUserId: number, change: AccountChange): boolean {
  if (actorUserId !== targetUserId) return false;
  return "roles" in change ? !change.roles.includes("admin") : true;
}
