import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionFeedback, feedbackFor } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StaleNotice } from "~/components/stale-notice";
import { ErrorSummary, Field } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { isConflict, ValidationError } from "~/models/errors";
import { getPublicationDraft, publicationFormSchema, publishInitiative } from "~/models/publication/publication.server";
import { publicationActor, publicationPath, TEXT_MAX, TITLE_MAX } from "~/models/publication/publication-rules";
import { currentState, findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.initiative.code ?? ""} — Công bố` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "publication.manage");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const draft = await getPublicationDraft(context.db, row.id);
  // The confidential text itself is not needed to prepare the public version: keep it off this page.
  const { confidential: _confidential, ...initiative } = draft.initiative;
  return { ...draft, initiative };
}

type Values = Record<string, string> & { public?: string[] };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "publication.manage");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const form = await request.formData();
  const values: Values = {};
  for (const k of ["version", "title", "problem", "solution", "benefit"]) values[k] = String(form.get(k) ?? "");
  const chosen = form.getAll("public").map(String);
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;
  const parsed = parseForm(publicationFormSchema, { ...values, publicAttachmentIds: chosen }, { messages: words });
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values, chosen, stale: null }, { status: 400 });
  const actor = publicationActor(user.roles);
  if (!actor) throw httpError(403, "forbidden");
  try {
    await publishInitiative(context.db, {
      initiativeId: row.id,
      expectedVersion: parsed.value.version,
      actorUserId: user.id,
      actor,
      title: parsed.value.title,
      problem: parsed.value.problem,
      solution: parsed.value.solution,
      benefit: parsed.value.benefit,
      publicAttachmentIds: parsed.value.publicAttachmentIds,
    });
  } catch (err) {
    if (isConflict(err))
      return data({ errors: {} as FieldErrors, values, chosen, stale: await currentState(context.db, row.id) }, { status: 409 });
    if (!(err instanceof ValidationError)) throw err;
    return data({ errors: { form: [words(err.messageKey)] } as FieldErrors, values, chosen, stale: null }, { status: 400 });
  }
  return redirect(`/staff/initiatives/${encodeURIComponent(params.code!)}/publication?done=published`);
}

export default function PublicationPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const p = r.publication;
  const lang = useLang();
  const i = d.initiative;
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const chosen = result ? new Set(result.chosen) : null;
  const value = (k: "title" | "problem" | "solution" | "benefit") => values[k] ?? i[k];

  return (
    <section aria-labelledby="publication-title">
      <h1 id="publication-title">{p.title(i.code)}</h1>
      <ActionFeedback message={feedbackFor(params, t.staff.glossary, (day) => formatDate(day, lang))} />
      {result?.stale ? <StaleNotice stale={result.stale} /> : null}

      {d.publication ? (
        <dl className="facts">
          <dt>{p.published}</dt>
          <dd>{formatDateTime(d.publication.published_at, lang)}</dd>
          <dt>{p.publicPage}</dt>
          <dd>
            <a href={publicationPath(d.publication.slug)}>{publicationPath(d.publication.slug)}</a>
          </dd>
        </dl>
      ) : i.status !== "recognised" ? (
        <p className="notice warn">{r.common.notAllowedNow(t.common.status[i.status])}</p>
      ) : (
        <>
          <p>{p.intro}</p>
          {d.hasConfidential ? <p className="notice">{p.never}</p> : null}
          {d.decision ? (
            <dl className="facts">
              <dt>{p.decision}</dt>
              <dd>
                {d.decision.certificate_number ?? ""}
                {d.decision.commendation_vi ? ` · ${lang === "vi" ? d.decision.commendation_vi : d.decision.commendation_en}` : ""}
              </dd>
              <dt>{r.decision.reason}</dt>
              <dd>{d.decision.reason}</dd>
            </dl>
          ) : null}
          <ErrorSummary title={r.common.errorsTitle} errors={errors} fields={["title", "problem", "solution", "benefit"]} />
          <Form method="post" id="publication-form" noValidate>
            <input type="hidden" name="version" value={i.version} />
            <Field name="title" label={r.common.title} errors={errors.title}>
              {(aria) => <input {...aria} type="text" maxLength={TITLE_MAX} defaultValue={value("title")} />}
            </Field>
            <Field name="problem" label={r.common.problem} errors={errors.problem}>
              {(aria) => <textarea {...aria} maxLength={TEXT_MAX} defaultValue={value("problem")} />}
            </Field>
            <Field name="solution" label={r.common.solution} errors={errors.solution}>
              {(aria) => <textarea {...aria} maxLength={TEXT_MAX} defaultValue={value("solution")} />}
            </Field>
            <Field name="benefit" label={r.common.benefit} errors={errors.benefit}>
              {(aria) => <textarea {...aria} maxLength={TEXT_MAX} defaultValue={value("benefit")} />}
            </Field>
            <h2>{p.author}</h2>
            <p data-author-named={d.publicAuthorName ? "yes" : "no"}>
              {d.publicAuthorName ? p.authorNamed(d.publicAuthorName) : p.authorHidden}
            </p>
            <fieldset>
              <legend>{p.files}</legend>
              <p className="hint">{p.filesHint}</p>
              {d.attachments.length === 0 ? <p>{p.noFiles}</p> : null}
              {d.attachments.map((a) => (
                <label key={a.id} className="checkbox">
                  <input
                    type="checkbox"
                    name="public"
                    value={a.id}
                    defaultChecked={chosen ? chosen.has(String(a.id)) : a.is_public === 1 || a.purpose === "decision"}
                  />
                  <span>
                    {a.filename} <small>({p.purposes[a.purpose] ?? a.purpose})</small>
                  </span>
                </label>
              ))}
            </fieldset>
            <button type="submit" className="primary">
              {p.submit}
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
