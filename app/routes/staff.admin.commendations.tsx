import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import {
  commendationCreateSchema,
  commendationUpdateSchema,
  createCommendationLevel,
  listCommendationLevels,
  setCommendationActive,
  updateCommendationLevel,
} from "~/models/admin/admin-reference.server";
import { requirePermission } from "~/utils/auth.server";
import { codesToFieldErrors, parseForm, scopedErrors, type FieldErrors } from "~/utils/forms";
import { ValidationError } from "~/models/errors";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.commendations);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.commendations");
  return { levels: await listCommendationLevels(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.commendations");
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const intent = form.intent;
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;
  const fail = (errors: FieldErrors, status = 400) => data({ intent, id: form.id ?? null, errors, values: form }, { status });
  const vi = langFromRequest(request) === "vi";
  // Which level, in the reader's language, for the message after the redirect.
  let name = "";
  try {
    if (intent === "create") {
      const parsed = parseForm(commendationCreateSchema, form, { messages: words });
      if (!parsed.ok) return fail(parsed.fieldErrors);
      await createCommendationLevel(context.db, parsed.value, user.id);
      name = vi ? parsed.value.name_vi : parsed.value.name_en;
    } else if (intent === "update") {
      const parsed = parseForm(commendationUpdateSchema, form, { messages: words });
      if (!parsed.ok) return fail(parsed.fieldErrors);
      await updateCommendationLevel(context.db, parsed.value, user.id);
      name = vi ? parsed.value.name_vi : parsed.value.name_en;
    } else if (intent === "activate" || intent === "deactivate") {
      if (!/^\d+$/.test(form.id ?? "")) throw new ValidationError("bad_id");
      const level = await setCommendationActive(context.db, Number(form.id), intent === "activate", user.id);
      name = vi ? level.name_vi : level.name_en;
    } else {
      throw new ValidationError("bad_intent");
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = err.firstFieldErrors();
    return fail(codesToFieldErrors(Object.keys(fields).length > 0 ? fields : { form: err.messageKey }, words));
  }
  return redirect(`/staff/admin/commendations?${new URLSearchParams({ done: intent, name })}`);
}

/** The message for `?done=<intent>&name=…` after the redirect: the verb of the glossary and the level's name. */
function commendationFeedback(params: URLSearchParams, g: ReturnType<typeof useT>["staff"]["glossary"]): string | null {
  const name = params.get("name");
  if (!name) return null;
  const said: Partial<Record<string, (n: string) => string>> = {
    create: g.commendationAdded,
    update: g.commendationSaved,
    activate: g.activated,
    deactivate: g.deactivated,
  };
  return said[params.get("done") ?? ""]?.(name) ?? null;
}

export default function CommendationsAdmin() {
  const { levels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const c = r.commendations;
  const errorsFor = (intent: string, id: number | null) =>
    result && result.intent === intent && (id === null || String(result.id) === String(id)) ? result.errors : {};
  const valuesFor = (intent: string, id: number | null): Record<string, string> | null =>
    result && result.intent === intent && (id === null || String(result.id) === String(id)) ? result.values : null;
  const createErrors = errorsFor("create", null);
  // One summary for the page, its links named by the form the errors came from ("l3.rank" → the third level's rank).
  const scope = result?.intent === "update" ? `l${result.id}` : "new";
  const summary = result ? scopedErrors(result.errors, scope) : {};
  const createValues = valuesFor("create", null);

  return (
    <section aria-labelledby="commendations-title">
      <h1 id="commendations-title">{c.title}</h1>
      <p>{c.intro}</p>
      <ActionFeedback message={commendationFeedback(params, t.staff.glossary)} />
      <ErrorSummary
        title={r.common.errorsTitle}
        errors={summary}
        fields={["code", "name_vi", "name_en", "rank"].map((f) => `${scope}.${f}`)}
      />
      <TableScroll labelledBy="commendations-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{c.code}</th>
              <th scope="col">
                {c.nameVi} / {c.nameEn} / {c.rank}
              </th>
              <th scope="col">{c.used}</th>
              <th scope="col">{c.state}</th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => {
              const errs = errorsFor("update", l.id);
              const vals = valuesFor("update", l.id);
              return (
                <tr key={l.id} className={l.active ? undefined : "inactive"}>
                  <td>
                    <code>{l.code}</code>
                  </td>
                  <td>
                    <Form method="post" className="row-form" aria-label={c.edit(l.name_vi)}>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="id" value={l.id} />
                      <Field name="name_vi" scope={`l${l.id}`} label={c.nameVi} errors={errs.name_vi}>
                        {(aria) => <input {...aria} type="text" defaultValue={vals?.name_vi ?? l.name_vi} />}
                      </Field>
                      <Field name="name_en" scope={`l${l.id}`} label={c.nameEn} errors={errs.name_en}>
                        {(aria) => <input {...aria} type="text" defaultValue={vals?.name_en ?? l.name_en} />}
                      </Field>
                      <Field name="rank" scope={`l${l.id}`} label={c.rank} errors={errs.rank}>
                        {(aria) => (
                          <input {...aria} type="number" min={0} max={999} inputMode="numeric" defaultValue={vals?.rank ?? l.rank} />
                        )}
                      </Field>
                      <button type="submit" className="secondary">
                        {r.common.save}
                      </button>
                    </Form>
                  </td>
                  <td>{l.used}</td>
                  <td>
                    <p>{l.active ? r.common.active : r.common.inactive}</p>
                    <Form method="post">
                      <input type="hidden" name="id" value={l.id} />
                      <button type="submit" name="intent" value={l.active ? "deactivate" : "activate"} className="secondary">
                        {l.active ? r.common.deactivate : r.common.activate}
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <h2 id="add-title">{c.add}</h2>
      <Form method="post" aria-labelledby="add-title" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field name="code" scope="new" label={c.code} hint={c.codeHint} errors={createErrors.code}>
          {(aria) => <input {...aria} type="text" defaultValue={createValues?.code ?? ""} />}
        </Field>
        <Field name="name_vi" scope="new" label={c.nameVi} errors={createErrors.name_vi}>
          {(aria) => <input {...aria} type="text" defaultValue={createValues?.name_vi ?? ""} />}
        </Field>
        <Field name="name_en" scope="new" label={c.nameEn} errors={createErrors.name_en}>
          {(aria) => <input {...aria} type="text" defaultValue={createValues?.name_en ?? ""} />}
        </Field>
        <Field name="rank" scope="new" label={c.rank} errors={createErrors.rank}>
          {(aria) => <input {...aria} type="number" min={0} max={999} inputMode="numeric" defaultValue={createValues?.rank ?? ""} />}
        </Field>
        <button type="submit" className="primary">
          {c.addSubmit}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
