import "~/i18n/sections/staff";
import "~/i18n/sections/meetings";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TableScroll } from "~/components/table-scroll";
import { titleMeta } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { listMeetings } from "~/models/council/meetings.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.meetings.list.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "meeting.manage");
  return listMeetings(context.db);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

function MeetingTable({ id, caption, rows }: { id: string; caption: string; rows: Row[] }) {
  const t = useT().meetings.list;
  const lang = useLang();
  return (
    <>
      <h2 id={id}>{caption}</h2>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <TableScroll labelledBy={id}>
          <table aria-labelledby={id} className="meetings">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.place}</th>
                <th scope="col">{t.chair}</th>
                <th scope="col">{t.cases}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td>
                    <PageLink to={`/staff/meetings/${m.id}`}>{formatDateTime(m.starts_at, lang)}</PageLink>
                  </td>
                  <td>{m.place}</td>
                  <td>{m.chair_name}</td>
                  <td>{t.casesText(m.items, m.decided)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export default function Meetings() {
  const d = useLoaderData<typeof loader>();
  const t = useT().meetings.list;
  return (
    <section aria-labelledby="meetings-title">
      <h1 id="meetings-title">{t.title}</h1>
      <p>{t.intro}</p>
      <p>
        <PageLink to="/staff/meetings/new" className="button primary">
          {t.schedule}
        </PageLink>
      </p>
      <MeetingTable id="meetings-open" caption={t.upcoming} rows={d.open} />
      <MeetingTable id="meetings-closed" caption={t.past} rows={d.closed} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
