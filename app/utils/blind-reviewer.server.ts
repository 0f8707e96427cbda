import type { AppLoadContext } from "@remix-run/node";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { seesIdentities } from "~/utils/permissions";

/**
 * A reviewer on a blind review page, at the base level and the city level. Who may also open the full submission
 * cannot review blind: the assignment and the role change refuse this already; an account that holds both anyway
 * (from before that rule) is refused here.
 */
export async function requireBlindReviewer(request: Request, context: AppLoadContext) {
  const user = await requirePermission(request, context, "review.own");
  if (seesIdentities(user.roles)) throw httpError(403, "review_not_blind");
  return user;
}
