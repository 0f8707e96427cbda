import "~/i18n/sections/staff";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { errorId, ErrorMessage, ErrorSummary, Field, fieldId, keyOf, RadioGroup } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { newUserSchema, pickRoles } from "~/models/staff/user-rules";
import {
  createUser,
  EmailTakenError,
  getUserById,
  listUsers,
  OpenReviewsError,
  resetUserPassword,
  SelfChangeError,
  setUserActive,
  setUserRoles,
} from "~/models/staff/users.server";
import { listAgencies } from "~/models/admin/admin-reference.server";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "~/models/initiative/taxonomy";
import { listReviewerProfiles, parseReviewerProfile, setReviewerProfile } from "~/models/review/auto-assign.server";
import { requirePermission } from "~/utils/auth.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { ROLES } from "~/utils/permissions";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.users.title);

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

type Errors = FieldErrors;

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePermission(request, context, "admin.users");
  const t = dictionaryFor(langFromRequest(request)).staff.users;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "create") {
    const parsed = parseForm(newUserSchema(t), {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      roles: form.getAll("role"),
    });
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
        if (err instanceof SelfChangeError)
          return data({ intent, userId, errors: { [`user-${userId}.role`]: [t.notSelf] } as Errors }, { status: 400 });
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
    case "reviewer_profile": {
      const p = dictionaryFor(langFromRequest(request)).staff.reviewerProfile;
      const agencies = new Set((await listAgencies(context.db)).filter((a) => a.active).map((a) => a.id));
      const parsed = parseReviewerProfile(form, agencies);
      if (!parsed.ok) {
        const errors: Errors = {};
        // The profile form's fields, under the scope the page gives that reviewer's form.
        const names: Record<string, string> = { max: "maxOpenReviews", agency: "agencyId", areas: "area", domains: "domain" };
        for (const [field, code] of Object.entries(parsed.errors)) errors[`profile-${userId}.${names[field] ?? field}`] = [p.errors[code]];
        return data({ intent, userId, errors }, { status: 400 });
      }
      await setReviewerProfile(context.db, target.id, parsed.data, me.id);
      return { intent, saved: target.email, profileSaved: target.id, name: target.name };
    }
    case "reset": {
      const password = await resetUserPassword(context.db, target.id, me.id);
      return { intent, created: { email: target.email, password } };
    }
    default:
      throw httpError(400, "bad_intent");
  }
}

/** What the action just did, to whom: said in the live region that takes the focus. */
function feedbackOf(result: unknown, g: ReturnType<typeof useT>["staff"]["glossary"]): string | null {
  const r = result as { intent?: string; errors?: unknown; saved?: string; name?: string; created?: { email: string } } | undefined;
  if (!r || r.errors) return null;
  if (r.created) return r.intent === "reset" ? g.userReset(r.created.email) : g.userCreated(r.created.email);
  if (r.intent === "reviewer_profile" && r.name) return g.userProfile(r.name);
  if (!r.saved) return null;
  if (r.intent === "roles") return g.userRoles(r.saved);
  if (r.intent === "deactivate") return g.userDeactivated(r.saved);
  if (r.intent === "reactivate") return g.userReactivated(r.saved);
  return null;
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
      <ActionFeedback message={feedbackOf(result, t.glossary)} />
      {created ? (
        <div className="notice ok one-time">
          <p>
            {u.oneTime(created.email)} <code data-one-time-password>{created.password}</code>
          </p>
          <p className="hint">{u.oneTimeHint}</p>
        </div>
      ) : null}
      <ErrorSummary
        title={t.form.errorsTitle}
        errors={errors}
        fields={[...users.map((user) => `user-${user.id}.role`), "name", "email", "role"]}
      />

      <TableScroll labelledBy="users-title">
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
                      <button type="submit" className="secondary">
                        {u.saveRoles}
                      </button>
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
                    <button type="submit" className="secondary">
                      {u.resetPassword}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <ReviewerProfiles errors={errors} />

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
        <button type="submit" className="primary">
          {u.createSubmit}
        </button>
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
        const scope = `profile-${r.id}`;
        const err = (field: string) => errors[`${scope}.${field}`];
        const open = ["maxOpenReviews", "agencyId", "area", "domain"].some((f) => err(f)?.length);
        return (
          <details key={r.id} open={open} data-reviewer={r.id}>
            <summary>{p.summary(r.name)}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reviewer_profile" />
              <input type="hidden" name="userId" value={r.id} />
              <fieldset id={fieldId("area", scope)} aria-describedby={err("area") ? errorId(keyOf("area", scope)) : undefined}>
                <legend>{p.areas}</legend>
                <ErrorMessage name="area" scope={scope} errors={err("area")} />
                {REFORM_AREAS.map((a) => (
                  <label key={a} className="checkbox">
                    <input type="checkbox" name="area" value={a} defaultChecked={r.areas.includes(a)} /> {t.common.area[a]}
                  </label>
                ))}
              </fieldset>
              <fieldset id={fieldId("domain", scope)} aria-describedby={err("domain") ? errorId(keyOf("domain", scope)) : undefined}>
                <legend>{p.domains}</legend>
                <ErrorMessage name="domain" scope={scope} errors={err("domain")} />
                {PROCEDURE_DOMAINS.map((d) => (
                  <label key={d} className="checkbox">
                    <input type="checkbox" name="domain" value={d} defaultChecked={r.domains.includes(d)} /> {t.common.domain[d]}
                  </label>
                ))}
              </fieldset>
              <Field name="maxOpenReviews" scope={scope} label={p.maxOpen} errors={err("maxOpenReviews")}>
                {(a) => <input {...a} type="number" min={0} max={100} step={1} required defaultValue={r.maxOpenReviews} />}
              </Field>
              <Field name="agencyId" scope={scope} label={p.agency} hint={p.agencyHint} errors={err("agencyId")}>
                {(a) => (
                  <select {...a} defaultValue={r.agencyId ?? ""}>
                    <option value="">{p.noAgency}</option>
                    {agencies.map((ag) => (
                      <option key={ag.id} value={ag.id}>
                        {ag.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="secondary">
                {p.save}
              </button>
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
