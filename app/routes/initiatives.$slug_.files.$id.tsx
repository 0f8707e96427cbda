import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getPublicAttachment } from "~/models/public.server";
import { PUBLIC_DATA, notModified } from "~/utils/cache.server";
import { httpError } from "~/utils/http.server";
import { contentDisposition, readStoredFile } from "~/utils/uploads.server";

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
  let stream;
  try {
    stream = readStoredFile(file.sha256);
    await new Promise<void>((resolve, reject) => stream!.once("open", () => resolve()).once("error", reject));
  } catch {
    throw httpError(404, "file_missing");
  }
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.filename),
      ETag: etag,
      "Cache-Control": PUBLIC_DATA,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
