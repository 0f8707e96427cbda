import "~/i18n/sections/redaction";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReviewerCopyEditor } from "~/components/reviewer-copy";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { ValidationError } from "~/models/errors";
import { COPY_FIELDS, reviewerCopyEditor, saveReviewerCopy } from "~/models/screening/reviewer-copy.server";
import { findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import type { FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.code ?? ""} — Bản cho thành viên thẩm định` }];

/**
 * The reviewer copy of one initiative: the secretary makes and edits it; the chair and the administrator, who see the
 * whole submission anyway, may read it. Under the initiative's page, whose loader records the identity view.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.view");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  return { ...(await reviewerCopyEditor(context.db, row.id)), canEdit: can(user.roles, "initiative.reviewer_copy") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.reviewer_copy");
  const code = params.code ?? "";
  const row = await findInitiativeIdByCode(context.db, code);
  if (!row) throw httpError(404, "not_found");
  const form = await request.formData();
  const t = dictionaryFor(langFromRequest(request)).redaction.copy;
  const fields = Object.fromEntries(COPY_FIELDS.map((f) => [f, String(form.get(f) ?? "")])) as Record<(typeof COPY_FIELDS)[number], string>;
  const exchange: Record<number, string> = {};
  for (const [k, v] of form.entries()) {
    const m = /^exchange_(\d{1,12})$/.exec(k);
    if (m) exchange[Number(m[1])] = String(v);
  }
  const ids = form.getAll("file").map(Number);
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw httpError(400, "bad_request");
  const values: Record<string, string> = { ...fields, files: ids.join(",") };
  for (const [id, v] of Object.entries(exchange)) values[`exchange_${id}`] = v;
  try {
    await saveReviewerCopy(context.db, { initiativeId: row.id, userId: user.id, fields, exchange, attachmentIds: ids });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const keys = Object.keys(err.fieldErrors).length ? err.fieldErrors : { form: [err.messageKey] };
    const errors: FieldErrors = Object.fromEntries(Object.entries(keys).map(([f, k]) => [f, k.map((key) => t.errors[key] ?? key)]));
    return data({ errors, values }, { status: 400 });
  }
  return redirect(`/staff/initiatives/${encodeURIComponent(code)}/reviewer-copy?saved=1`);
}

export default function ReviewerCopyPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <ReviewerCopyEditor
      d={d}
      canEdit={d.canEdit}
      errors={result?.errors ?? {}}
      values={result?.values ?? null}
      saved={params.get("saved") === "1" && !result}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
