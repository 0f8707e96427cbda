import "~/i18n/sections/review";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore } from "~/models/review/aggregation";
import { getAggregate } from "~/models/review/reviews.server";
import { findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.code ?? ""} — Tổng hợp điểm` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "review.aggregate");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const agg = await getAggregate(context.db, row.id);
  return {
    code: params.code!,
    status: row.status,
    ...agg,
    canDecide: row.status === "council" && can(user.roles, "decision.record"),
    canPublish: row.status === "recognised" && can(user.roles, "publication.manage"),
  };
}

export default function AggregatePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const a = t.review.aggregate;
  const lang = useLang();
  const g = d.aggregate;
  const num = (x: number | null) => formatScore(x, lang);
  const keyLabel = (key: string) => {
    const c = g.criteria.find((x) => x.key === key)?.criterion;
    return c ? (lang === "vi" ? c.label_vi : c.label_en) : key;
  };
  return (
    <section aria-labelledby="aggregate-title">
      <h1 id="aggregate-title">{a.title(d.code)}</h1>
      <p>
        {t.review.common.status}: <strong>{t.common.status[d.status]}</strong>
      </p>
      <h2>{a.summary}</h2>
      <dl className="facts">
        <dt>{a.weightedTotal}</dt>
        <dd data-testid="weighted-total">{num(g.weightedTotal)}</dd>
        <dt>{a.reviews}</dt>
        <dd>{g.reviewCount}</dd>
        <dt>{a.pending}</dt>
        <dd>{d.assignments.pending}</dd>
        <dt>{a.conflicts}</dt>
        <dd>{d.assignments.conflicts}</dd>
        <dt>{t.review.aggregate.recommendation}</dt>
        <dd>
          {(["recognise", "reject", "discuss"] as const)
            .filter((k) => g.recommendations[k] > 0)
            .map((k) => `${t.review.recommendation[k]}: ${g.recommendations[k]}`)
            .join(" · ") || "—"}
        </dd>
      </dl>
      {g.reviewCount > 0 ? (
        g.needsDiscussion ? (
          <div className="notice warn" role="status" data-needs-discussion="yes">
            <strong>{a.needsDiscussion}</strong>
            <ul>
              {g.reasons.wideSpread.length > 0 ? <li>{a.reasonSpread(g.reasons.wideSpread.map(keyLabel).join(", "))}</li> : null}
              {g.reasons.recommendationsDiffer ? <li>{a.reasonDiffer}</li> : null}
              {g.reasons.discussAsked ? <li>{a.reasonDiscuss}</li> : null}
            </ul>
          </div>
        ) : (
          <p className="notice ok" data-needs-discussion="no">
            {a.noDiscussion}
          </p>
        )
      ) : (
        <p>{a.none}</p>
      )}

      {g.criteria.length > 0 ? (
        <>
          <h2>{a.perCriterion}</h2>
          <TableScroll label={a.perCriterion}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{a.criterion}</th>
                  <th scope="col">{a.weight}</th>
                  <th scope="col">{a.scale}</th>
                  <th scope="col">{a.scores}</th>
                  <th scope="col">{a.mean}</th>
                  <th scope="col">{a.median}</th>
                  <th scope="col">{a.spread}</th>
                </tr>
              </thead>
              <tbody>
                {g.criteria.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{lang === "vi" ? c.criterion.label_vi : c.criterion.label_en}</th>
                    <td>{c.criterion.weight}</td>
                    <td>
                      {c.criterion.scale_min}–{c.criterion.scale_max}
                    </td>
                    <td>{c.scores.join(", ")}</td>
                    <td>{num(c.mean)}</td>
                    <td>{num(c.median)}</td>
                    <td className={(c.spread ?? 0) >= 4 ? "overdue" : undefined}>{num(c.spread)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>

          <h2>{a.perReview}</h2>
          <TableScroll label={a.perReview}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{a.reviewer}</th>
                  <th scope="col">{a.total}</th>
                  <th scope="col">{a.recommendation}</th>
                  <th scope="col">{a.comment}</th>
                </tr>
              </thead>
              <tbody>
                {d.reviews.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">
                      {r.reviewerName}
                      <br />
                      <small>{formatDateTime(r.submitted_at, lang)}</small>
                    </th>
                    <td>{num(r.total)}</td>
                    <td>{r.recommendation ? t.review.recommendation[r.recommendation] : "—"}</td>
                    <td className="pre-wrap">{r.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}

      <p className="no-print">
        {d.canDecide ? (
          <PageLink className="button" to={`/staff/initiatives/${d.code}/decision`}>
            {a.toDecision}
          </PageLink>
        ) : null}
        {d.canPublish ? (
          <PageLink className="button" to={`/staff/initiatives/${d.code}/publication`}>
            {a.toPublication}
          </PageLink>
        ) : null}
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
