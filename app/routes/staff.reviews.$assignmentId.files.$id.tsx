import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess } from "~/models/access-log/access-log.server";
import { requireOwnAssignment } from "~/models/review/reviews.server";
import { forwardedFile } from "~/models/screening/reviewer-copy.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { seesIdentities } from "~/utils/permissions";
import { storedFileResponse } from "~/utils/uploads.server";

/**
 * A file the secretary forwarded with the reviewer copy, for a reviewer of that initiative only; any other file of
 * the submission is not found here. Recorded in the access log like every staff download of a submission's file.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "review.own");
  if (seesIdentities(user.roles)) throw httpError(403, "review_not_blind");
  if (!/^\d{1,12}$/.test(params.assignmentId ?? "") || !/^\d{1,12}$/.test(params.id ?? "")) throw httpError(404, "not_found");
  const a = await requireOwnAssignment(context.db, Number(params.assignmentId), user.id);
  const file = await forwardedFile(context.db, a.initiative_id, Number(params.id));
  if (!file) throw httpError(404, "not_found");
  // A file is content: none before the reviewer answered that they know neither the author nor the organisation.
  if (a.status === "assigned" && !a.no_conflict_at) throw httpError(409, "conflict_question_first");
  const code = await context.db.selectFrom("initiatives").select("code").where("id", "=", a.initiative_id).executeTakeFirstOrThrow();
  await recordAccess(context.db, {
    user,
    action: "file",
    initiative: { id: a.initiative_id, code: code.code },
    detail: `${file.filename} (#${file.id}, reviewer copy)`,
  });
  return storedFileResponse(context.db, file, { "Cache-Control": "private, no-store" });
}
