import "~/i18n/sections/review";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback } from "~/components/action-feedback";
import { useLang, useT } from "~/i18n/use-t";
import { listReviewerAssignments } from "~/models/review/reviews.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.reviews);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "review.own");
  return { rows: await listReviewerAssignments(context.db, user.id) };
}

export default function MyReviews() {
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const all = useT();
  const t = all.review;
  const lang = useLang();
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t.list.title}</h1>
      <p className="lead">{t.list.intro}</p>
      <ActionFeedback message={params.get("done") === "conflict" ? all.staff.glossary.conflict_declared : null} />
      {rows.length === 0 ? (
        <p>{t.list.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.common.code}</th>
              <th scope="col">{t.common.title}</th>
              <th scope="col">{t.list.due}</th>
              <th scope="col">{t.list.state}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.overdue ? "overdue-row" : undefined}>
                <td>
                  <PageLink to={`/staff/reviews/${r.id}`}>{r.code}</PageLink>
                </td>
                <td>
                  <PageLink to={`/staff/reviews/${r.id}`}>{r.title}</PageLink>
                </td>
                <td className={r.overdue ? "overdue" : undefined}>
                  {formatDate(r.due_on, lang)}
                  {r.overdue ? ` (${t.list.overdue})` : ""}
                </td>
                <td>
                  {t.list.assignment[r.status] ?? r.status}
                  {r.draftSaved ? ` · ${t.list.draft}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
