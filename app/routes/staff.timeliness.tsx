/**
 * Staff only (docs/decisions/037-service-targets-and-ratings.md): each reviewer's timeliness against their due dates,
 * the submitters' ratings per agency and commune-level unit, and their comments, each with a private answer that goes
 * to the submitter by email and on their tracking page.
 */
import "~/i18n/sections/staff";
import "~/i18n/sections/timeliness";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TableScroll } from "~/components/table-scroll";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { titleMeta } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { isDomainError, ValidationError } from "~/models/errors";
import { reviewerTimeliness } from "~/models/public/timeliness.server";
import { answerRating, ratingsForStaff } from "~/models/service-targets/ratings.server";
import { RATING_ASPECTS } from "~/models/service-targets/targets";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.timeliness);

const PAGE = "/staff/timeliness";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "queue.all");
  const [reviewers, ratings] = await Promise.all([reviewerTimeliness(context.db), ratingsForStaff(context.db)]);
  return { reviewers, ratings, canAnswer: can(user.roles, "initiative.note") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.note");
  const t = dictionaryFor(langFromRequest(request)).timeliness.staff;
  const form = await request.formData();
  const ratingId = Number(form.get("rating"));
  const body = String(form.get("body") ?? "");
  if (!Number.isInteger(ratingId) || ratingId < 1) return data({ ratingId: 0, error: t.errors.reply_short, body }, { status: 400 });
  try {
    await answerRating(context.db, { ratingId, body, userId: user.id });
  } catch (err) {
    if (err instanceof ValidationError || (isDomainError(err) && err.code === "validation")) {
      const code = (err as ValidationError).messageKey as keyof typeof t.errors;
      return data({ ratingId, error: t.errors[code] ?? t.errors.reply_short, body }, { status: 400 });
    }
    throw err;
  }
  return redirect(`${PAGE}?answered=${ratingId}#rating-${ratingId}`);
}

export default function TimelinessPage() {
  const { reviewers, ratings, canAnswer } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const dict = useT();
  const t = dict.timeliness.staff;
  const p = dict.timeliness.public;
  const lang = useLang();
  const locale = lang === "vi" ? "vi-VN" : "en-GB";
  const pf = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const df = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const answered = Number(params.get("answered") ?? 0);
  return (
    <section aria-labelledby="timeliness-staff-title">
      <h1 id="timeliness-staff-title">{t.title}</h1>

      <h2 id="reviewers-title">{t.reviewersTitle}</h2>
      <TableScroll labelledBy="reviewers-title">
        <table className="reviewer-timeliness">
          <thead>
            <tr>
              <th scope="col">{t.reviewer}</th>
              <th scope="col">{t.assigned}</th>
              <th scope="col">{t.onTime}</th>
              <th scope="col">{t.late}</th>
              <th scope="col">{t.openLate}</th>
              <th scope="col">{t.rate}</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.map((r) => (
              <tr key={r.reviewerId} data-reviewer={r.reviewerId}>
                <th scope="row">{r.name}</th>
                <td>{r.assigned}</td>
                <td>{r.onTime}</td>
                <td>{r.late}</td>
                <td>{r.openLate}</td>
                <td>{r.rate === null ? p.none : pf.format(r.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 id="staff-ratings-title">{t.ratingsTitle}</h2>
      {ratings.byPlace.length === 0 ? (
        <p>{t.noRatings}</p>
      ) : (
        <TableScroll labelledBy="staff-ratings-title">
          <table className="ratings-by-place">
            <thead>
              <tr>
                <th scope="col">{p.place}</th>
                <th scope="col">{p.cases}</th>
                {RATING_ASPECTS.map((a) => (
                  <th scope="col" key={a}>
                    {p.aspects[a]} ({p.mean})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ratings.byPlace.map((g) => (
                <tr key={g.key} data-place={g.key}>
                  <th scope="row">{g.key === "city" ? p.city : g.label}</th>
                  <td>{g.distribution.count}</td>
                  {RATING_ASPECTS.map((a) => (
                    <td key={a}>
                      {g.distribution.aspects[a].mean === null ? p.none : df.format(g.distribution.aspects[a].mean as number)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 id="comments-title">{t.commentsTitle}</h2>
      {ratings.comments.length === 0 ? <p>{t.noComments}</p> : null}
      <ul className="rating-comments">
        {ratings.comments.map((c) => (
          <li key={c.id} id={`rating-${c.id}`} data-rating={c.id}>
            <p>
              <strong>{c.code}</strong> · {c.place || p.city} · {formatDate(c.createdAt, lang)} ·{" "}
              {RATING_ASPECTS.map((a) => `${p.aspects[a]} ${c.scores[a]}/5`).join(", ")}
            </p>
            <p className="prose">{c.comment}</p>
            {c.replies.map((r, i) => (
              <blockquote key={i} className="rating-reply">
                <p className="hint">{t.repliedBy(r.by ?? "—", formatDate(r.at, lang))}</p>
                <p className="prose">{r.body}</p>
              </blockquote>
            ))}
            {answered === c.id ? (
              <p className="notice ok" role="status">
                {t.replied}
              </p>
            ) : null}
            {canAnswer ? (
              <Form method="post" className="rating-answer">
                <input type="hidden" name="rating" value={c.id} />
                <label htmlFor={`answer-${c.id}`}>{t.reply}</label>
                {acted && acted.ratingId === c.id ? (
                  <p className="field-error" id={`answer-${c.id}-error`} role="alert">
                    {acted.error}
                  </p>
                ) : null}
                <textarea
                  id={`answer-${c.id}`}
                  name="body"
                  rows={3}
                  maxLength={2000}
                  required
                  defaultValue={acted && acted.ratingId === c.id ? acted.body : ""}
                  aria-describedby={acted && acted.ratingId === c.id ? `answer-${c.id}-error` : undefined}
                />
                <button type="submit">{t.replySubmit}</button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
