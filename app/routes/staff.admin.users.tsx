import "~/i18n/sections/staff";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, RadioGroup } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { newUserSchema, pickRoles } from "~/models/staff/user-rules";
import { createUser, EmailTakenError, getUserById, listUsers, OpenReviewsError, resetUserPassword, SelfChangeError, setUserActive, setUserRoles } from "~/models/staff/users.server";
import { requirePermission } from "~/utils/auth.server";
import { addFieldError, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Tài khoản cán bộ — Sáng kiến CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requirePermission(request, context, "admin.users");
  return { users: await listUsers(context.db), me: me.id };
}

type Errors = FieldErrors;

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePermission(request, context, "admin.users");
  const t = dictionaryFor(langFromRequest(request)).staff.users;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "create") {
    const parsed = parseForm(newUserSchema(t), { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), roles: form.getAll("role") });
    const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), roles: pickRoles(form.getAll("role")) };
    if (!parsed.ok) {
      // The schema's "roles" is the page's group of "role" checkboxes.
      const { roles: roleErrors, ...errors }: Errors = parsed.fieldErrors;
      return data({ intent, errors: roleErrors ? { ...errors, role: roleErrors } : errors, values }, { status: 400 });
    }
    try {
      const created = await createUser(context.db, { ...parsed.value, actorUserId: me.id });
      return { intent, created: { email: parsed.value.email, password: created.password } };
    } catch (err) {
      if (err instanceof EmailTakenError) return data({ intent, errors: { email: [t.emailTaken] } as Errors, values }, { status: 400 });
      throw err;
    }
  }

  const userId = Number(form.get("userId"));
  const target = Number.isInteger(userId) ? await getUserById(context.db, userId) : null;
  if (!target) throw httpError(404, "not_found");

  switch (intent) {
    case "roles": {
      const roles = pickRoles(form.getAll("role"));
      if (!roles.length) return data({ intent, userId, errors: { [`user-${userId}.role`]: [t.roleRequired] } as Errors }, { status: 400 });
      try {
        await setUserRoles(context.db, target.id, roles, me.id);
      } catch (err) {
        if (err instanceof SelfChangeError) return data({ intent, userId, errors: { [`user-${userId}.role`]: [t.notSelf] } as Errors }, { status: 400 });
        if (!(err instanceof OpenReviewsError)) throw err;
        return data({ intent, userId, errors: { [`user-${userId}.role`]: [t.openReviews(err.count)] } as Errors }, { status: 409 });
      }
      return { intent, saved: target.email };
    }
    case "deactivate":
    case "reactivate": {
      try {
        await setUserActive(context.db, target.id, intent === "reactivate", me.id);
      } catch (err) {
        if (!(err instanceof SelfChangeError)) throw err;
        return data({ intent, userId, errors: { [`user-${userId}.role`]: [t.notSelf] } as Errors }, { status: 400 });
      }
      return { intent, saved: target.email };
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
        <p className="notice ok" role="status">{u.saved}</p>
      ) : null}
      <ErrorSummary title={t.form.errorsTitle} errors={errors} fields={[...users.map((user) => `user-${user.id}.role`), "name", "email", "role"]} />

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
                  <RadioGroup
                    multiple
                    name="role"
                    label={u.rolesFor(user.name)}
                    legendClassName="visually-hidden"
                    errors={errors[`user-${user.id}.role`]}
                    scope={`user-${user.id}`}
                    options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
                    defaultValue={user.roles}
                  >
                    <button type="submit" className="secondary">{u.saveRoles}</button>
                  </RadioGroup>
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

      <h2 id="create-title">{u.create}</h2>
      <Form method="post" aria-labelledby="create-title" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field name="name" label={u.name} errors={errors.name}>
          {(a) => <input {...a} type="text" required defaultValue={values?.name ?? ""} autoComplete="off" />}
        </Field>
        <Field name="email" label={u.email} errors={errors.email}>
          {(a) => <input {...a} type="email" required defaultValue={values?.email ?? ""} autoComplete="off" />}
        </Field>
        <RadioGroup
          multiple
          name="role"
          label={u.roles}
          errors={errors.role}
          options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
          defaultValue={values?.roles ?? []}
        />
        <button type="submit" className="primary">{u.createSubmit}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
