import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import "~/i18n/sections/city";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, RadioGroup, TextAreaField, TextField } from "~/components/form-fields";
import { TableScroll } from "~/components/table-scroll";
import { useLang, useT } from "~/i18n/use-t";
import {
  assignCityReviewers,
  cityDecisionSchema,
  cityReviewerOptions,
  decideNomination,
  getCityAggregate,
  getNomination,
  listCityAssignments,
} from "~/models/city/city-level.server";
import { formatScore } from "~/models/review/aggregation";
import { requirePermission } from "~/utils/auth.server";
import { cityRefusal, cityWords } from "~/utils/city-level-http.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { formatDate } from "~/utils/dates";
import { formValues, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.nomination.initiative.code ?? ""} — Sáng kiến cấp Thành phố` },
];

function idOf(param: string | undefined): number {
  if (!param || !/^\d{1,12}$/.test(param)) throw httpError(404, "not_found");
  return Number(param);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "city.nominations");
  const id = idOf(params.id);
  const nomination = await getNomination(context.db, id);
  const open = nomination.status === "nominated" || nomination.status === "in_review";
  const mayAssign = can(user.roles, "city.assign") && open;
  return {
    nomination,
    assignments: await listCityAssignments(context.db, id),
    aggregate: await getCityAggregate(context.db, id),
    reviewerOptions: mayAssign ? await cityReviewerOptions(context.db, id) : null,
    mayDecide: can(user.roles, "city.decide") && nomination.status === "in_review",
    defaultDue: addDaysTo(hanoiDate(), 21),
  };
}

type ActionResult = { intent: "assign" | "decide"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Signed in and allowed to see the nomination before anything else; each intent then asks its own permission.
  await requirePermission(request, context, "city.nominations");
  const id = idOf(params.id);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form);
  const words = cityWords(request);
  if (intent === "assign") {
    const user = await requirePermission(request, context, "city.assign");
    const reviewerIds = form
      .getAll("reviewer")
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    try {
      const out = await assignCityReviewers(context.db, {
        nominationId: id,
        reviewerIds,
        dueOn: String(form.get("dueOn") ?? "").trim(),
        actorUserId: user.id,
      });
      return redirect(`/staff/city-level/nominations/${id}?done=assigned&n=${out.assigned}`);
    } catch (err) {
      const r = cityRefusal(err, request);
      return data<ActionResult>({ intent, errors: r.errors, values }, { status: r.status });
    }
  }
  if (intent === "decide") {
    const user = await requirePermission(request, context, "city.decide");
    const parsed = parseForm(cityDecisionSchema, form, { messages: words });
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.fieldErrors, values }, { status: 400 });
    const { version, ...decision } = parsed.value;
    try {
      await decideNomination(context.db, { ...decision, nominationId: id, expectedVersion: version, actorUserId: user.id });
      return redirect(`/staff/city-level/nominations/${id}?done=decided`);
    } catch (err) {
      const r = cityRefusal(err, request);
      return data<ActionResult>({ intent, errors: r.errors, values }, { status: r.status });
    }
  }
  throw httpError(400, "bad_intent");
}

export default function CityNomination() {
  const { nomination: n, assignments, aggregate, reviewerOptions, mayDecide, defaultDue } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const c = t.city;
  const lang = useLang();
  const done = params.get("done");
  const assignErrors = result?.intent === "assign" ? result.errors : {};
  const decideErrors = result?.intent === "decide" ? result.errors : {};
  const decideValues = result?.intent === "decide" ? result.values : null;
  return (
    <article aria-labelledby="nomination-title">
      <p className="no-print">
        <PageLink to={`/staff/city-level/${n.round.year}`}>← {n.round.title}</PageLink>
      </p>
      <h1 id="nomination-title">{c.nominationHeading(n.initiative.code, n.round.year)}</h1>
      {done ? (
        <p className="notice ok" role="status">
          {done === "nominated" ? c.nominated : done === "assigned" ? c.assigned(Number(params.get("n") ?? 0)) : c.decided}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{c.initiative}</dt>
        <dd lang="vi">
          {n.initiative.slug ? <PageLink to={`/initiatives/${n.initiative.slug}`}>{n.initiative.title}</PageLink> : n.initiative.title}
        </dd>
        <dt>{c.status}</dt>
        <dd>{c.statuses[n.status]}</dd>
        <dt>{c.nominatedAt}</dt>
        <dd>{formatDate(n.nominatedAt, lang)}</dd>
        <dt>{c.statement}</dt>
        <dd className="pre-wrap" lang="vi">
          {n.statement}
        </dd>
      </dl>

      <h2 id="reviewers-title">{c.reviewers}</h2>
      {assignments.length === 0 ? (
        <p>{c.noReviewers}</p>
      ) : (
        <TableScroll labelledBy="reviewers-title">
          <table aria-labelledby="reviewers-title">
            <thead>
              <tr>
                <th scope="col">{c.reviewer}</th>
                <th scope="col">{c.due}</th>
                <th scope="col">{c.status}</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.id}>
                  <td>{a.reviewer_name}</td>
                  <td>{formatDate(a.due_on, lang)}</td>
                  <td>{c.assignmentStatus[a.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {reviewerOptions ? (
        <section aria-labelledby="assign-title" className="no-print">
          <h2 id="assign-title">{c.assign}</h2>
          <p className="hint">{c.assignHint}</p>
          <ErrorSummary title={c.errorsTitle} errors={assignErrors} labels={{ reviewers: c.reviewers, dueOn: c.dueOn }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="assign" />
            <fieldset className="field" id="reviewers">
              <legend>{c.reviewers}</legend>
              {assignErrors.reviewers ? (
                <p className="error-message" id="reviewers-error">
                  {assignErrors.reviewers.join(" ")}
                </p>
              ) : null}
              {reviewerOptions.map((r) => (
                <label key={r.id} className="checkbox">
                  <input type="checkbox" name="reviewer" value={r.id} disabled={r.conflict || r.assigned} /> {r.name}{" "}
                  {r.conflict ? c.conflictMark : r.assigned ? c.assignedMark : ""}
                </label>
              ))}
            </fieldset>
            <TextField name="dueOn" type="date" label={c.dueOn} defaultValue={defaultDue} errors={assignErrors.dueOn} required />
            <button type="submit" className="primary">
              {c.assignSubmit}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="aggregate-title">
        <h2 id="aggregate-title">{c.aggregate}</h2>
        <p>{c.counts(aggregate.assignments.submitted, aggregate.assignments.total, aggregate.assignments.conflicts)}</p>
        {aggregate.reviews.length === 0 ? (
          <p>{c.noReviews}</p>
        ) : (
          <>
            <dl className="facts">
              <dt>{c.weightedTotal}</dt>
              <dd>{formatScore(aggregate.aggregate.weightedTotal, lang)}</dd>
            </dl>
            <TableScroll labelledBy="aggregate-title">
              <table aria-labelledby="aggregate-title">
                <thead>
                  <tr>
                    <th scope="col">{c.reviewer}</th>
                    <th scope="col">{c.total}</th>
                    <th scope="col">{c.recommendation}</th>
                    <th scope="col">{c.comment}</th>
                  </tr>
                </thead>
                <tbody>
                  {aggregate.reviews.map((r) => (
                    <tr key={r.label}>
                      <td>{r.reviewerName}</td>
                      <td>{formatScore(r.total, lang)}</td>
                      <td>{r.recommendation ? t.review.recommendation[r.recommendation] : "—"}</td>
                      <td className="pre-wrap">{r.comment}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      <section aria-labelledby="decision-title">
        <h2 id="decision-title">{c.decision}</h2>
        {n.decision ? (
          <dl className="facts">
            <dt>{c.outcome}</dt>
            <dd>{c.statuses[n.status]}</dd>
            <dt>{c.votesFor}</dt>
            <dd>{c.votes(n.decision.votesFor, n.decision.votesAgainst, n.decision.votesAbstain, n.decision.membersPresent)}</dd>
            <dt>{c.reason}</dt>
            <dd className="pre-wrap" lang="vi">
              {n.decision.reason}
            </dd>
            <dt>{c.decidedAt}</dt>
            <dd>{formatDate(n.decision.decidedAt, lang)}</dd>
            {n.decision.certificateNumber ? (
              <>
                <dt>{c.certificate}</dt>
                <dd>
                  <PageLink to={`/certificates/${encodeURIComponent(n.decision.certificateNumber)}`}>
                    {n.decision.certificateNumber}
                  </PageLink>
                </dd>
              </>
            ) : null}
          </dl>
        ) : mayDecide ? (
          aggregate.readyForDecision ? (
            <>
              <ErrorSummary
                title={c.errorsTitle}
                errors={decideErrors}
                fields={["outcome", "membersPresent", "votesFor", "votesAgainst", "votesAbstain", "reason"]}
                labels={{
                  outcome: c.outcome,
                  membersPresent: c.membersPresent,
                  votesFor: c.votesFor,
                  votesAgainst: c.votesAgainst,
                  votesAbstain: c.votesAbstain,
                  reason: c.reason,
                }}
              />
              <Form method="post" noValidate className="no-print">
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="version" value={n.version} />
                <RadioGroup
                  name="outcome"
                  label={c.outcome}
                  errors={decideErrors.outcome}
                  options={(["recognised", "not_recognised"] as const).map((v) => ({ value: v, label: c.outcomes[v] }))}
                  defaultValue={decideValues?.outcome}
                />
                {(["membersPresent", "votesFor", "votesAgainst", "votesAbstain"] as const).map((name) => (
                  <Field key={name} name={name} label={c[name]} errors={decideErrors[name]} required>
                    {(aria) => (
                      <input {...aria} type="number" inputMode="numeric" min={0} step={1} defaultValue={decideValues?.[name] ?? ""} />
                    )}
                  </Field>
                ))}
                <TextAreaField
                  name="reason"
                  label={c.reason}
                  hint={c.reasonHint}
                  errors={decideErrors.reason}
                  defaultValue={decideValues?.reason ?? ""}
                  maxLength={5000}
                  required
                />
                <button type="submit" className="primary">
                  {c.decide}
                </button>
              </Form>
            </>
          ) : (
            <p>{c.decisionNotReady}</p>
          )
        ) : (
          <p>{c.decisionNotReady}</p>
        )}
        {decideErrors.form && !mayDecide ? (
          <p className="notice warn" role="alert">
            {decideErrors.form.join(" ")}
          </p>
        ) : null}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
