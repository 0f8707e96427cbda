import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/staff-field";
import { labelOf } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import {
  commendationCreateSchema,
  commendationUpdateSchema,
  createCommendationLevel,
  fieldErrors,
  listCommendationLevels,
  setCommendationActive,
  updateCommendationLevel,
} from "~/models/admin/admin-reference.server";
import { ValidationError } from "~/models/errors";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Hình thức khen thưởng — Sáng kiến CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.commendations");
  return { levels: await listCommendationLevels(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.commendations");
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const intent = form.intent;
  const fail = (errors: Record<string, string>, status = 400) => data({ intent, id: form.id ?? null, errors, values: form }, { status });
  try {
    if (intent === "create") {
      const parsed = commendationCreateSchema.safeParse(form);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      await createCommendationLevel(context.db, parsed.data, user.id);
    } else if (intent === "update") {
      const parsed = commendationUpdateSchema.safeParse(form);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      await updateCommendationLevel(context.db, parsed.data, user.id);
    } else if (intent === "activate" || intent === "deactivate") {
      if (!/^\d+$/.test(form.id ?? "")) throw new ValidationError("bad_id");
      await setCommendationActive(context.db, Number(form.id), intent === "activate", user.id);
    } else {
      throw new ValidationError("bad_intent");
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = err.firstFieldErrors();
    return fail(Object.keys(fields).length > 0 ? fields : { form: err.messageKey });
  }
  return redirect("/staff/admin/commendations?done=1");
}

export default function CommendationsAdmin() {
  const { levels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const c = r.commendations;
  const msg = (code: string | undefined) => (code ? labelOf(r.errors, code) ?? t.common.errors.badRequest : undefined);
  const errorsFor = (intent: string, id: number | null) =>
    result && result.intent === intent && (id === null || String(result.id) === String(id)) ? result.errors : {};
  const valuesFor = (intent: string, id: number | null): Record<string, string> | null =>
    result && result.intent === intent && (id === null || String(result.id) === String(id)) ? result.values : null;
  const createErrors = errorsFor("create", null);
  const createValues = valuesFor("create", null);

  return (
    <section aria-labelledby="commendations-title">
      <h1 id="commendations-title">{c.title}</h1>
      <p>{c.intro}</p>
      {params.get("done") ? (
        <p className="notice ok" role="status">
          {c.done}
        </p>
      ) : null}
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
                    <Field id={`l${l.id}-name_vi`} label={c.nameVi} error={msg(errs.name_vi)}>
                      {(aria) => <input {...aria} name="name_vi" type="text" defaultValue={vals?.name_vi ?? l.name_vi} />}
                    </Field>
                    <Field id={`l${l.id}-name_en`} label={c.nameEn} error={msg(errs.name_en)}>
                      {(aria) => <input {...aria} name="name_en" type="text" defaultValue={vals?.name_en ?? l.name_en} />}
                    </Field>
                    <Field id={`l${l.id}-rank`} label={c.rank} error={msg(errs.rank)}>
                      {(aria) => <input {...aria} name="rank" type="number" min={0} max={999} inputMode="numeric" defaultValue={vals?.rank ?? l.rank} />}
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

      <h2 id="add-title">{c.add}</h2>
      <Form method="post" aria-labelledby="add-title" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field id="new-code" label={c.code} hint={c.codeHint} error={msg(createErrors.code)}>
          {(aria) => <input {...aria} name="code" type="text" defaultValue={createValues?.code ?? ""} />}
        </Field>
        <Field id="new-name_vi" label={c.nameVi} error={msg(createErrors.name_vi)}>
          {(aria) => <input {...aria} name="name_vi" type="text" defaultValue={createValues?.name_vi ?? ""} />}
        </Field>
        <Field id="new-name_en" label={c.nameEn} error={msg(createErrors.name_en)}>
          {(aria) => <input {...aria} name="name_en" type="text" defaultValue={createValues?.name_en ?? ""} />}
        </Field>
        <Field id="new-rank" label={c.rank} error={msg(createErrors.rank)}>
          {(aria) => <input {...aria} name="rank" type="number" min={0} max={999} inputMode="numeric" defaultValue={createValues?.rank ?? ""} />}
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
