import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess } from "~/models/access-log/access-log.server";
import { getAttachmentOf } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { storedFileResponse } from "~/utils/uploads.server";

/** A submission's file, only for staff allowed to see the whole submission. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.files");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw httpError(404, "not_found");
  const file = await getAttachmentOf(context.db, params.code ?? "", id);
  if (!file) throw httpError(404, "not_found");
  await recordAccess(context.db, {
    user,
    action: "file",
    initiative: { id: file.initiative_id, code: file.code },
    detail: `${file.filename} (#${file.id})`,
  });
  return storedFileResponse(context.db, file, { "Cache-Control": "private, no-store" });
}
