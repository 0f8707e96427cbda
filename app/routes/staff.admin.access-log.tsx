import "~/i18n/sections/redaction";
import { TableScroll } from "~/components/table-scroll";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/form-fields";
import { titleMeta } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { accessFilterParams, accessUsers, listAccess, parseAccessFilter } from "~/models/access-log/access-log.server";
import { ACCESS_ACTIONS } from "~/models/access-log/actions";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.redaction.access.title);

/** Who on the staff side saw a submitter's identity, newest first, with filters and the CSV of the same. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.access_log");
  const filter = parseAccessFilter(new URL(request.url).searchParams);
  const [page, users] = await Promise.all([listAccess(context.db, filter), accessUsers(context.db)]);
  return { filter, ...page, users, query: accessFilterParams(filter).toString() };
}

export default function AccessLog() {
  const d = useLoaderData<typeof loader>();
  const a = useT().redaction.access;
  const lang = useLang();
  const f = d.filter;
  const next = new URLSearchParams(d.query);
  if (d.nextBefore) next.set("before", String(d.nextBefore));
  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title">{a.title}</h1>
      <p>{a.intro}</p>
      <Form method="get" className="filters" role="search">
        <Field name="user" label={a.user}>
          {(aria) => (
            <select {...aria} defaultValue={f.user === undefined ? "" : String(f.user)}>
              <option value="">{a.any}</option>
              {d.users.map((u) => (
                <option key={u.user_id} value={u.user_id}>
                  {u.user_name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="code" label={a.code}>
          {(aria) => <input {...aria} defaultValue={f.code ?? ""} placeholder="SK-2026-000123" />}
        </Field>
        <Field name="action" label={a.action}>
          {(aria) => (
            <select {...aria} defaultValue={f.action ?? ""}>
              <option value="">{a.any}</option>
              {ACCESS_ACTIONS.map((x) => (
                <option key={x} value={x}>
                  {a.actions[x]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="from" label={a.from}>
          {(aria) => <input {...aria} type="date" defaultValue={f.from ?? ""} />}
        </Field>
        <Field name="to" label={a.to}>
          {(aria) => <input {...aria} type="date" defaultValue={f.to ?? ""} />}
        </Field>
        <button type="submit" className="secondary">
          {a.apply}
        </button>{" "}
        <PageLink to="/staff/admin/access-log">{a.reset}</PageLink>
      </Form>
      <p>
        <a className="button" href={`/staff/admin/access-log.csv${d.query ? `?${d.query}` : ""}`} download>
          {a.csv}
        </a>
      </p>
      {d.rows.length === 0 ? (
        <p>{a.none}</p>
      ) : (
        <TableScroll labelledBy="access-title">
          <table className="access-log">
            <thead>
              <tr>
                <th scope="col">{a.at}</th>
                <th scope="col">{a.user}</th>
                <th scope="col">{a.code}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.detail}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at, lang)}</td>
                  <td>{r.user_name}</td>
                  <td>
                    {r.initiative_code ? <PageLink to={`/staff/initiatives/${r.initiative_code}`}>{r.initiative_code}</PageLink> : "—"}
                  </td>
                  <td>{a.actions[r.action] ?? r.action}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {d.nextBefore ? (
        <p className="no-print">
          <PageLink to={`/staff/admin/access-log?${next}`}>{a.older} →</PageLink>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
