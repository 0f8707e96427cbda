import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicAttachment } from "~/models/public/detail.server";
import { PUBLIC_DATA, notModified } from "~/utils/cache.server";
import { httpError } from "~/utils/http.server";
import { storedFileResponse } from "~/utils/uploads.server";

/**
 * Downloads a public attachment of a published initiative. A private file, a file of an unpublished
 * initiative and an unknown id all answer the same 404, so nothing hints that a private file exists.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw httpError(404, "not_found");
  const file = await getPublicAttachment(context.db, params.slug ?? "", id);
  if (!file) throw httpError(404, "not_found");
  // Storage is content-addressed: the hash is the validator. Not "immutable": a file can be made private again.
  const etag = `"${file.sha256}"`;
  const unchanged = notModified(request, etag, PUBLIC_DATA);
  if (unchanged) return unchanged;
  return storedFileResponse(context.db, file, { ETag: etag, "Cache-Control": PUBLIC_DATA });
}
