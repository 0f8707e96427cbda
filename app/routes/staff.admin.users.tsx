import "~/i18n/sections/staff";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field } from "~/components/staff-field";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { createUser, EmailTakenError, getUserById, listUsers, OpenReviewsError, resetUserPassword, setUserActive, setUserRoles } from "~/models/staff/users.server";
import { listAgencies } from "~/models/admin/admin-reference.server";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "~/models/initiative/taxonomy";
import { listReviewerProfiles, parseReviewerProfile, setReviewerProfile } from "~/models/review/auto-assign.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { isRole, ROLES, type Role } from "~/utils/permissions";
import { cleanLine } from "~/utils/text";

export const meta: MetaFunction = () => [{ title: "Tài khoản cán bộ — Sáng kiến CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requirePermission(request, context, "admin.users");
  const users = await listUsers(context.db);
  const profiles = await listReviewerProfiles(context.db);
  const agencies = (await listAgencies(context.db)).filter((a) => a.active);
  return {
    users,
    me: me.id,
    // Reviewing expertise, limit and agency: only reviewers are assigned, so only they get the form.
    reviewerProfiles: users.filter((u) => u.roles.includes("reviewer")).map((u) => ({ id: u.id, name: u.name, ...profiles.get(u.id)! })),
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
  };
}

type Errors = Record<string, string | undefined>;

function rolesFrom(form: FormData): Role[] {
  return form.getAll("role").map(String).filter(isRole);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePermission(request, context, "admin.users");
  const t = dictionaryFor(langFromRequest(request)).staff.users;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "create") {
    const parsed = z
      .object({
        name: z.string().transform(cleanLine).pipe(z.string().min(1, t.nameRequired).max(200, t.nameRequired)),
        email: z.string().trim().toLowerCase().pipe(z.string().max(254, t.emailInvalid).email(t.emailInvalid)),
      })
      .safeParse({ name: form.get("name") ?? "", email: form.get("email") ?? "" });
    const roles = rolesFrom(form);
    const errors: Errors = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    if (!roles.length) errors.roles = t.roleRequired;
    const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), roles };
    if (!parsed.success || !roles.length) return data({ intent, errors, values }, { status: 400 });
    try {
      const created = await createUser(context.db, { ...parsed.data, roles, actorUserId: me.id });
      return { intent, created: { email: parsed.data.email, password: created.password } };
    } catch (err) {
      if (err instanceof EmailTakenError) return data({ intent, errors: { email: t.emailTaken } as Errors, values }, { status: 400 });
      throw err;
    }
  }

  const userId = Number(form.get("userId"));
  const target = Number.isInteger(userId) ? await getUserById(context.db, userId) : null;
  if (!target) throw httpError(404, "not_found");

  switch (intent) {
    case "roles": {
      const roles = rolesFrom(form);
      if (!roles.length) return data({ intent, userId, errors: { [`roles-${userId}`]: t.roleRequired } as Errors }, { status: 400 });
      if (target.id === me.id && !roles.includes("admin")) {
        return data({ intent, userId, errors: { [`roles-${userId}`]: t.notSelf } as Errors }, { status: 400 });
      }
      try {
        await setUserRoles(context.db, target.id, roles, me.id);
      } catch (err) {
        if (!(err instanceof OpenReviewsError)) throw err;
        return data({ intent, userId, errors: { [`roles-${userId}`]: t.openReviews(err.count) } as Errors }, { status: 409 });
      }
      return { intent, saved: target.email };
    }
    case "deactivate":
    case "reactivate": {
      if (target.id === me.id) return data({ intent, userId, errors: { [`roles-${userId}`]: t.notSelf } as Errors }, { status: 400 });
      await setUserActive(context.db, target.id, intent === "reactivate", me.id);
      return { intent, saved: target.email };
    }
    case "reviewer_profile": {
      const p = dictionaryFor(langFromRequest(request)).staff.reviewerProfile;
      const agencies = new Set((await listAgencies(context.db)).filter((a) => a.active).map((a) => a.id));
      const parsed = parseReviewerProfile(form, agencies);
      if (!parsed.ok) {
        const errors: Errors = {};
        for (const [field, code] of Object.entries(parsed.errors)) errors[`${field}-${userId}`] = p.errors[code];
        return data({ intent, userId, errors }, { status: 400 });
      }
      await setReviewerProfile(context.db, target.id, parsed.data, me.id);
      return { intent, saved: target.email, profileSaved: target.id };
    }
    case "reset": {
      const password = await resetUserPassword(context.db, target.id, me.id);
      return { intent, created: { email: target.email, password } };
    }
    default:
      throw httpError(400, "bad_intent");
  }
}

export default function AdminUsers() {
  const { users, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT().staff;
  const u = t.users;
  const errors: Errors = (result && "errors" in result ? result.errors : undefined) ?? {};
  const values = result && "values" in result ? result.values : undefined;
  const created = result && "created" in result ? result.created : undefined;
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{u.title}</h1>
      {created ? (
        <div className="notice ok one-time" role="status">
          <p>
            {u.oneTime(created.email)} <code data-one-time-password>{created.password}</code>
          </p>
          <p className="hint">{u.oneTimeHint}</p>
        </div>
      ) : null}
      {result && "saved" in result ? (
        <p className="notice ok" role="status">{"profileSaved" in result ? t.reviewerProfile.saved : u.saved}</p>
      ) : null}
      <ErrorSummary title={t.form.errorsTitle} errors={errors} />

      <table className="users">
        <thead>
          <tr>
            <th scope="col">{u.name}</th>
            <th scope="col">{u.email}</th>
            <th scope="col">{u.status}</th>
            <th scope="col">{u.roles}</th>
            <th scope="col">{u.actions}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-email={user.email}>
              <td>
                {user.name} {user.id === me ? u.you : null}
              </td>
              <td>{user.email}</td>
              <td>
                {user.active ? u.active : u.inactive}
                {user.mustChangePassword ? <span className="hint"> ({u.mustChange})</span> : null}
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="roles" />
                  <input type="hidden" name="userId" value={user.id} />
                  <fieldset id={`roles-${user.id}`} aria-describedby={errors[`roles-${user.id}`] ? `roles-${user.id}-error` : undefined}>
                    <legend className="visually-hidden">{u.rolesFor(user.name)}</legend>
                    {errors[`roles-${user.id}`] ? (
                      <p className="field-error" id={`roles-${user.id}-error`}>{errors[`roles-${user.id}`]}</p>
                    ) : null}
                    {ROLES.map((r) => (
                      <label key={r} className="checkbox">
                        <input type="checkbox" name="role" value={r} defaultChecked={user.roles.includes(r)} /> {t.roles[r]}
                      </label>
                    ))}
                    <button type="submit" className="secondary">{u.saveRoles}</button>
                  </fieldset>
                </Form>
              </td>
              <td>
                {user.id !== me ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
                    <input type="hidden" name="userId" value={user.id} />
                    <button type="submit" className={user.active ? "danger" : "secondary"}>
                      {user.active ? u.deactivate : u.reactivate}
                    </button>
                  </Form>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="reset" />
                  <input type="hidden" name="userId" value={user.id} />
                  <button type="submit" className="secondary">{u.resetPassword}</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ReviewerProfiles errors={errors} />

      <h2 id="create-title">{u.create}</h2>
      <Form method="post" aria-labelledby="create-title" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field id="name" label={u.name} error={errors.name}>
          {(a) => <input {...a} name="name" type="text" required defaultValue={values?.name ?? ""} autoComplete="off" />}
        </Field>
        <Field id="email" label={u.email} error={errors.email}>
          {(a) => <input {...a} name="email" type="email" required defaultValue={values?.email ?? ""} autoComplete="off" />}
        </Field>
        <fieldset id="roles" aria-describedby={errors.roles ? "roles-error" : undefined}>
          <legend>{u.roles}</legend>
          {errors.roles ? <p className="field-error" id="roles-error">{errors.roles}</p> : null}
          {ROLES.map((r) => (
            <label key={r} className="checkbox">
              <input type="checkbox" name="role" value={r} defaultChecked={values?.roles.includes(r)} /> {t.roles[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">{u.createSubmit}</button>
      </Form>
    </section>
  );
}

function ReviewerProfiles({ errors }: { errors: Errors }) {
  const { reviewerProfiles, agencies } = useLoaderData<typeof loader>();
  const t = useT();
  const p = t.staff.reviewerProfile;
  if (reviewerProfiles.length === 0) return null;
  return (
    <section aria-labelledby="expertise-title">
      <h2 id="expertise-title">{p.heading}</h2>
      {reviewerProfiles.map((r) => {
        const err = (field: string) => errors[`${field}-${r.id}`];
        const open = ["max", "agency", "areas", "domains"].some((f) => err(f));
        return (
          <details key={r.id} open={open} data-reviewer={r.id}>
            <summary>{p.summary(r.name)}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reviewer_profile" />
              <input type="hidden" name="userId" value={r.id} />
              <fieldset id={`areas-${r.id}`} aria-describedby={err("areas") ? `areas-${r.id}-error` : undefined}>
                <legend>{p.areas}</legend>
                {err("areas") ? <p className="field-error" id={`areas-${r.id}-error`}>{err("areas")}</p> : null}
                {REFORM_AREAS.map((a) => (
                  <label key={a} className="checkbox">
                    <input type="checkbox" name="area" value={a} defaultChecked={r.areas.includes(a)} /> {t.common.area[a]}
                  </label>
                ))}
              </fieldset>
              <fieldset id={`domains-${r.id}`} aria-describedby={err("domains") ? `domains-${r.id}-error` : undefined}>
                <legend>{p.domains}</legend>
                {err("domains") ? <p className="field-error" id={`domains-${r.id}-error`}>{err("domains")}</p> : null}
                {PROCEDURE_DOMAINS.map((d) => (
                  <label key={d} className="checkbox">
                    <input type="checkbox" name="domain" value={d} defaultChecked={r.domains.includes(d)} /> {t.common.domain[d]}
                  </label>
                ))}
              </fieldset>
              <Field id={`max-${r.id}`} label={p.maxOpen} error={err("max")}>
                {(a) => <input {...a} name="maxOpenReviews" type="number" min={0} max={100} step={1} required defaultValue={r.maxOpenReviews} />}
              </Field>
              <Field id={`agency-${r.id}`} label={p.agency} hint={p.agencyHint} error={err("agency")}>
                {(a) => (
                  <select {...a} name="agencyId" defaultValue={r.agencyId ?? ""}>
                    <option value="">{p.noAgency}</option>
                    {agencies.map((ag) => (
                      <option key={ag.id} value={ag.id}>
                        {ag.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="secondary">{p.save}</button>
            </Form>
          </details>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
