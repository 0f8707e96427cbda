import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import {
  agencyCreateSchema,
  agencyUpdateSchema,
  createAgency,
  createUnit,
  listAgencies,
  listUnits,
  setAgencyActive,
  setUnitActive,
  unitCreateSchema,
  unitUpdateSchema,
  updateAgency,
  updateUnit,
} from "~/models/admin/admin-reference.server";
import { UNIT_TYPES } from "~/models/initiative/places";
import { requirePermission } from "~/utils/auth.server";
import { codesToFieldErrors, parseForm, scopedErrors, type FieldErrors } from "~/utils/forms";
import { ValidationError } from "~/models/errors";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.units);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.units");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const state = ["active", "inactive"].includes(url.searchParams.get("state") ?? "") ? url.searchParams.get("state")! : "all";
  return { q, state, units: await listUnits(context.db, { q, state }), agencies: await listAgencies(context.db, { q, state }) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.units");
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const intent = form.intent ?? "";
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;
  const fail = (errors: FieldErrors) => data({ intent, id: form.id ?? null, errors, values: form }, { status: 400 });
  const id = () => {
    if (!/^\d+$/.test(form.id ?? "")) throw new ValidationError("bad_id");
    return Number(form.id);
  };
  // What was done to which unit or agency, for the message after the redirect.
  let name = "";
  try {
    switch (intent) {
      case "unit.create": {
        const p = parseForm(unitCreateSchema, form, { messages: words });
        if (!p.ok) return fail(p.fieldErrors);
        await createUnit(context.db, p.value, user.id);
        name = p.value.name;
        break;
      }
      case "unit.update": {
        const p = parseForm(unitUpdateSchema, form, { messages: words });
        if (!p.ok) return fail(p.fieldErrors);
        await updateUnit(context.db, p.value, user.id);
        name = p.value.name;
        break;
      }
      case "agency.create": {
        const p = parseForm(agencyCreateSchema, form, { messages: words });
        if (!p.ok) return fail(p.fieldErrors);
        await createAgency(context.db, p.value, user.id);
        name = p.value.name;
        break;
      }
      case "agency.update": {
        const p = parseForm(agencyUpdateSchema, form, { messages: words });
        if (!p.ok) return fail(p.fieldErrors);
        await updateAgency(context.db, p.value, user.id);
        name = p.value.name;
        break;
      }
      case "unit.activate":
      case "unit.deactivate":
        name = await setUnitActive(context.db, id(), intent === "unit.activate", user.id);
        break;
      case "agency.activate":
      case "agency.deactivate":
        name = await setAgencyActive(context.db, id(), intent === "agency.activate", user.id);
        break;
      default:
        throw new ValidationError("bad_intent");
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = err.firstFieldErrors();
    return fail(codesToFieldErrors(Object.keys(fields).length > 0 ? fields : { form: err.messageKey }, words));
  }
  // Back to the same filtered list.
  const back = new URL(request.url).searchParams;
  back.set("done", intent);
  back.set("name", name);
  return redirect(`/staff/admin/units?${back}`);
}

/** The message for `?done=<intent>&name=…` after the redirect: the verb of the glossary and the place's name. */
function placeFeedback(params: URLSearchParams, g: ReturnType<typeof useT>["staff"]["glossary"]): string | null {
  const name = params.get("name") ?? "";
  const said: Partial<Record<string, (n: string) => string>> = {
    "unit.create": g.unitAdded,
    "unit.update": g.unitSaved,
    "agency.create": g.agencyAdded,
    "agency.update": g.agencySaved,
    "unit.activate": g.activated,
    "agency.activate": g.activated,
    "unit.deactivate": g.deactivated,
    "agency.deactivate": g.deactivated,
  };
  const say = said[params.get("done") ?? ""];
  return say && name ? say(name) : null;
}

export default function UnitsAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const p = r.places;
  const match = (intent: string, id: number | null) =>
    result && result.intent === intent && (id === null || String(result.id) === String(id));
  const errs = (intent: string, id: number | null): FieldErrors => (match(intent, id) ? result!.errors : {});
  // One summary for the page, its links named by the form the errors came from ("u12.name" → the 12th unit's name).
  const scope = !result
    ? ""
    : result.intent === "unit.update"
      ? `u${result.id}`
      : result.intent === "agency.update"
        ? `a${result.id}`
        : result.intent === "unit.create"
          ? "new-unit"
          : "new-agency";
  const summary = result ? scopedErrors(result.errors, scope) : {};
  const vals = (intent: string, id: number | null): Record<string, string> => (match(intent, id) ? result!.values : {});
  const formAction = `/staff/admin/units${d.q || d.state !== "all" ? `?${new URLSearchParams({ q: d.q, state: d.state })}` : ""}`;

  return (
    <section aria-labelledby="places-title">
      <h1 id="places-title">{p.title}</h1>
      <ActionFeedback message={placeFeedback(params, t.staff.glossary)} />
      <ErrorSummary title={r.common.errorsTitle} errors={summary} fields={["code", "name", "type"].map((f) => `${scope}.${f}`)} />
      <Form method="get" className="filters" role="search">
        <Field name="q" label={p.search}>
          {(aria) => <input {...aria} type="search" defaultValue={d.q} />}
        </Field>
        <Field name="state" label={p.filterState}>
          {(aria) => (
            <select {...aria} defaultValue={d.state}>
              <option value="all">{p.stateAll}</option>
              <option value="active">{p.stateActive}</option>
              <option value="inactive">{p.stateInactive}</option>
            </select>
          )}
        </Field>
        <button type="submit" className="secondary">
          {p.apply}
        </button>
      </Form>

      <h2 id="units-title">
        {p.units} <small>({p.count(d.units.length)})</small>
      </h2>
      <TableScroll labelledBy="units-title">
        <table aria-labelledby="units-title">
          <thead>
            <tr>
              <th scope="col">{p.code}</th>
              <th scope="col">
                {p.name} / {p.type}
              </th>
              <th scope="col">{p.state}</th>
            </tr>
          </thead>
          <tbody>
            {d.units.map((u) => {
              const e = errs("unit.update", u.id);
              const v = vals("unit.update", u.id);
              return (
                <tr key={u.id} className={u.active ? undefined : "inactive"}>
                  <td>{u.code}</td>
                  <td>
                    <Form method="post" action={formAction} className="row-form" aria-label={p.edit(u.name)}>
                      <input type="hidden" name="intent" value="unit.update" />
                      <input type="hidden" name="id" value={u.id} />
                      <Field name="name" scope={`u${u.id}`} label={p.name} errors={e.name}>
                        {(aria) => <input {...aria} type="text" defaultValue={v.name ?? u.name} />}
                      </Field>
                      <Field name="type" scope={`u${u.id}`} label={p.type} errors={e.type}>
                        {(aria) => (
                          <select {...aria} defaultValue={v.type ?? u.type}>
                            {UNIT_TYPES.map((ty) => (
                              <option key={ty} value={ty}>
                                {p.types[ty]}
                              </option>
                            ))}
                          </select>
                        )}
                      </Field>
                      <button type="submit" className="secondary">
                        {r.common.save}
                      </button>
                    </Form>
                  </td>
                  <td>
                    <ActiveToggle kind="unit" row={u} action={formAction} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <h3 id="add-unit">{p.addUnit}</h3>
      <Form method="post" action={formAction} aria-labelledby="add-unit" noValidate>
        <input type="hidden" name="intent" value="unit.create" />
        <Field name="code" scope="new-unit" label={p.code} errors={errs("unit.create", null).code}>
          {(aria) => <input {...aria} type="text" inputMode="numeric" maxLength={5} defaultValue={vals("unit.create", null).code ?? ""} />}
        </Field>
        <Field name="name" scope="new-unit" label={p.name} errors={errs("unit.create", null).name}>
          {(aria) => <input {...aria} type="text" defaultValue={vals("unit.create", null).name ?? ""} />}
        </Field>
        <Field name="type" scope="new-unit" label={p.type} errors={errs("unit.create", null).type}>
          {(aria) => (
            <select {...aria} defaultValue={vals("unit.create", null).type ?? "phường"}>
              {UNIT_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {p.types[ty]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          {p.add}
        </button>
      </Form>

      <h2 id="agencies-title">
        {p.agencies} <small>({p.count(d.agencies.length)})</small>
      </h2>
      <TableScroll labelledBy="agencies-title">
        <table aria-labelledby="agencies-title">
          <thead>
            <tr>
              <th scope="col">{p.name}</th>
              <th scope="col">{p.state}</th>
            </tr>
          </thead>
          <tbody>
            {d.agencies.map((a) => {
              const e = errs("agency.update", a.id);
              const v = vals("agency.update", a.id);
              return (
                <tr key={a.id} className={a.active ? undefined : "inactive"}>
                  <td>
                    <Form method="post" action={formAction} className="row-form" aria-label={p.edit(a.name)}>
                      <input type="hidden" name="intent" value="agency.update" />
                      <input type="hidden" name="id" value={a.id} />
                      <Field name="name" scope={`a${a.id}`} label={p.name} errors={e.name}>
                        {(aria) => <input {...aria} type="text" defaultValue={v.name ?? a.name} />}
                      </Field>
                      <button type="submit" className="secondary">
                        {r.common.save}
                      </button>
                    </Form>
                  </td>
                  <td>
                    <ActiveToggle kind="agency" row={a} action={formAction} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <h3 id="add-agency">{p.addAgency}</h3>
      <Form method="post" action={formAction} aria-labelledby="add-agency" noValidate>
        <input type="hidden" name="intent" value="agency.create" />
        <Field name="name" scope="new-agency" label={p.name} errors={errs("agency.create", null).name}>
          {(aria) => <input {...aria} type="text" defaultValue={vals("agency.create", null).name ?? ""} />}
        </Field>
        <button type="submit" className="primary">
          {p.add}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** A unit's or an agency's state with the button that flips it (intent `<kind>.activate` / `<kind>.deactivate`). */
function ActiveToggle({
  kind,
  row,
  action,
}: {
  kind: "unit" | "agency";
  row: { id: number; name: string; active: number };
  action: string;
}) {
  const c = useT().review.common;
  const label = row.active ? c.deactivate : c.activate;
  return (
    <>
      <p>{row.active ? c.active : c.inactive}</p>
      <Form method="post" action={action}>
        <input type="hidden" name="id" value={row.id} />
        <button
          type="submit"
          name="intent"
          value={`${kind}.${row.active ? "deactivate" : "activate"}`}
          className="secondary"
          aria-label={`${label}: ${row.name}`}
        >
          {label}
        </button>
      </Form>
    </>
  );
}
