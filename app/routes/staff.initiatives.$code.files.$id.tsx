import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getAttachmentOf } from "~/models/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { storedFilePath } from "~/utils/uploads.server";

/** A submission's file, only for staff allowed to see the whole submission; always a download, never rendered inline. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "initiative.files");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw httpError(404, "not_found");
  const file = await getAttachmentOf(context.db, params.code ?? "", id);
  if (!file) throw httpError(404, "not_found");
  const path = storedFilePath(file.sha256);
  if (!fs.existsSync(path)) throw httpError(404, "not_found");
  const ascii = file.filename.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "file";
  return new Response(createReadableStreamFromReadable(fs.createReadStream(path)), {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
