import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/form-fields";
import { useLang, useT } from "~/i18n/use-t";
import { auditActions, auditActors, listAudit, parseAuditFilter } from "~/models/admin/audit-log.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.review.audit.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.audit");
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  const [page, actions, actors] = await Promise.all([listAudit(context.db, filter), auditActions(context.db), auditActors(context.db)]);
  return { filter, ...page, actions, actors };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const a = t.review.audit;
  const lang = useLang();
  const f = d.filter;
  // The same filters (without the page position) for the CSV and for the next page.
  const base = new URLSearchParams();
  if (f.action) base.set("action", f.action);
  if (f.actor !== undefined) base.set("actor", String(f.actor));
  if (f.from) base.set("from", f.from);
  if (f.to) base.set("to", f.to);
  const next = new URLSearchParams(base);
  if (d.nextBefore) next.set("before", String(d.nextBefore));

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{a.title}</h1>
      <p>{a.intro}</p>
      <Form method="get" className="filters" role="search">
        <Field name="action" label={a.action}>
          {(aria) => (
            <select {...aria} defaultValue={f.action ?? ""}>
              <option value="">{a.any}</option>
              {d.actions.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="actor" label={a.actor}>
          {(aria) => (
            <select {...aria} defaultValue={f.actor === undefined ? "" : String(f.actor)}>
              <option value="">{a.any}</option>
              <option value="system">{a.system}</option>
              {d.actors.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${u.name} (${u.email})`}
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
        <PageLink to="/staff/admin/audit">{a.reset}</PageLink>
      </Form>
      <p>
        <a className="button" href={`/staff/admin/audit.csv${base.size ? `?${base}` : ""}`} download>
          {a.csv}
        </a>{" "}
        <a className="button" href={`/staff/admin/audit.xlsx${base.size ? `?${base}` : ""}`} download>
          {t.staff.worklist.exportXlsx}
        </a>
      </p>
      {d.rows.length === 0 ? (
        <p>{a.empty}</p>
      ) : (
        <TableScroll labelledBy="audit-title">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">{a.at}</th>
                <th scope="col">{a.actor}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.target}</th>
                <th scope="col">{a.details}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at, lang)}</td>
                  <td>{r.actor_name ?? a.system}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>{`${r.target_type} #${r.target_id}`}</td>
                  <td>
                    <code className="details">{r.details}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="no-print">
        {f.before ? <PageLink to={`/staff/admin/audit${base.size ? `?${base}` : ""}`}>{a.newest}</PageLink> : null}{" "}
        {d.nextBefore ? <PageLink to={`/staff/admin/audit?${next}`}>{a.older} →</PageLink> : null}
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
