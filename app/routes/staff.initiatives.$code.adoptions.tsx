import "~/i18n/sections/staff";
import "~/i18n/sections/campaigns";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, TextAreaField, TextField } from "~/components/form-fields";
import { TableScroll } from "~/components/table-scroll";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { ValidationError } from "~/models/errors";
import { listScopeOptions } from "~/models/initiative/submission.server";
import { ADOPTABLE_STATUSES, adoptionFormSchema, adoptionsOf, recordAdoption } from "~/models/replication/adoptions.server";
import { RESULT_MAX } from "~/models/replication/limits";
import { findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { DECISION_ACCEPT, DECISION_MIME, MAX_FILE_BYTES, type UploadLimits } from "~/utils/upload-limits";
import { withUpload } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.code ?? ""} — Áp dụng, nhân rộng` }];

/** One signed document, PDF as the council's decisions. */
const ADOPTION_UPLOAD: UploadLimits = { fileFields: ["document"], maxFiles: 1, maxFileBytes: MAX_FILE_BYTES, mimes: [DECISION_MIME] };
const FIELDS = ["place", "adoptedOn", "result", "document"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "initiative.adoptions");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const [title, adoptions, options] = await Promise.all([
    context.db.selectFrom("initiatives").select("title").where("id", "=", row.id).executeTakeFirstOrThrow(),
    adoptionsOf(context.db, row.id),
    listScopeOptions(context.db),
  ]);
  return {
    code: params.code!,
    title: title.title,
    adoptable: (ADOPTABLE_STATUSES as readonly string[]).includes(row.status),
    adoptions,
    agencies: options.agencies,
    units: options.units.map((u) => ({ id: u.id, name: u.name })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.adoptions");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.campaigns.errors, code) ?? dict.common.errors.badRequest;

  return withUpload(context.db, request, ADOPTION_UPLOAD, async (received, commit) => {
    const parsed = parseForm(adoptionFormSchema, received.form, { messages: words, fields: ["place", "adoptedOn", "result"] });
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.fieldErrors };
    const tooLarge = received.problems.some((p) => p.kind === "too_large");
    const fileProblem = tooLarge
      ? "file_size"
      : received.problems.some((p) => p.kind === "too_many")
        ? "file_count"
        : received.problems.length
          ? "file_type"
          : null;
    if (fileProblem) errors.document = [words(fileProblem)];
    if (!parsed.ok || fileProblem) return data({ errors, values: parsed.values }, { status: tooLarge ? 413 : 400 });
    try {
      await commit((stored) =>
        recordAdoption(context.db, { ...parsed.value, initiativeId: row.id, actorUserId: user.id, document: stored[0] ?? null }),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fields = err.firstFieldErrors();
      return data(
        { errors: codesToFieldErrors(Object.keys(fields).length > 0 ? fields : { form: err.messageKey }, words), values: parsed.values },
        { status: err.messageKey === "not_recognised" ? 409 : 400 },
      );
    }
    return redirect(`/staff/initiatives/${encodeURIComponent(params.code!)}/adoptions?done=1`);
  });
}

export default function AdoptionsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const a = t.campaigns.adoptions;
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <section aria-labelledby="adoptions-title">
      <p>
        <PageLink to={`/staff/initiatives/${d.code}`}>← {d.code}</PageLink>
      </p>
      <h1 id="adoptions-title">{a.staffTitle(d.code)}</h1>
      <p className="lead">{d.title}</p>
      <p>{a.staffIntro}</p>
      {params.get("done") ? (
        <p className="notice ok" role="status">
          {a.recorded}
        </p>
      ) : null}

      {d.adoptions.length === 0 ? (
        <p>{a.none}</p>
      ) : (
        <TableScroll labelledBy="adoptions-list-title">
          <h2 id="adoptions-list-title">{a.heading(d.adoptions.length)}</h2>
          <table aria-labelledby="adoptions-list-title">
            <thead>
              <tr>
                <th scope="col">{a.place}</th>
                <th scope="col">{a.adoptedOn}</th>
                <th scope="col">{a.result}</th>
                <th scope="col">{a.file}</th>
              </tr>
            </thead>
            <tbody>
              {d.adoptions.map((x) => (
                <tr key={x.id}>
                  <td>{x.placeName}</td>
                  <td>{formatDate(x.adoptedOn, lang)}</td>
                  <td>{x.result}</td>
                  <td>{x.attachmentId ? <a href={`/staff/initiatives/${d.code}/files/${x.attachmentId}`}>{x.filename}</a> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {!d.adoptable ? (
        <p className="notice warn">{a.notRecognised}</p>
      ) : (
        <>
          <h2 id="adoption-add-title">{a.add}</h2>
          <Form method="post" encType="multipart/form-data" aria-labelledby="adoption-add-title" noValidate>
            <ErrorSummary
              title={a.errorsTitle}
              errors={errors}
              fields={FIELDS}
              labels={{ place: a.place, adoptedOn: a.adoptedOn, result: a.result, document: a.document }}
            />
            <Field name="place" label={a.place} errors={errors.place} required>
              {(aria) => (
                <select {...aria} defaultValue={values.place ?? ""}>
                  <option value="">{a.placeChoose}</option>
                  <optgroup label={a.agencies}>
                    {d.agencies.map((x) => (
                      <option key={`a${x.id}`} value={`agency:${x.id}`}>
                        {x.name}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={a.units}>
                    {d.units.map((x) => (
                      <option key={`u${x.id}`} value={`unit:${x.id}`}>
                        {x.name}
                      </option>
                    ))}
                  </optgroup>
                </select>
              )}
            </Field>
            <TextField
              name="adoptedOn"
              type="date"
              label={a.adoptedOn}
              hint={a.dateHint}
              errors={errors.adoptedOn}
              required
              defaultValue={values.adoptedOn ?? ""}
            />
            <TextAreaField
              name="result"
              label={a.result}
              hint={a.resultHint}
              errors={errors.result}
              required
              maxLength={RESULT_MAX}
              rows={3}
              defaultValue={values.result ?? ""}
            />
            <Field name="document" label={a.document} errors={errors.document}>
              {(aria) => <input {...aria} type="file" accept={DECISION_ACCEPT} />}
            </Field>
            <button type="submit" className="primary">
              {a.submit}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
