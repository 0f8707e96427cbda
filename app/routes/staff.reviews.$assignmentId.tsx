import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, RadioGroup } from "~/components/form-fields";
import { ReviewerSupplement } from "~/components/reviewer-supplement";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore, weightedTotal, type CriterionDef } from "~/models/review/aggregation";
import { conflictSchema, declareConflict } from "~/models/review/conflicts.server";
import { COMMENT_MAX, CONFLICT_TYPES } from "~/models/review/review-rules";
import { isConflict, ValidationError } from "~/models/errors";
import { getReviewPage, parseReviewForm, saveReview } from "~/models/review/reviews.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { seesIdentities } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.initiative.code ?? ""} — Phiếu chấm điểm` }];

function assignmentIdOf(param: string | undefined): number {
  if (!param || !/^\d{1,12}$/.test(param)) throw httpError(404, "not_found");
  return Number(param);
}

/**
 * Blind: what this returns is everything the reviewer's browser receives. `getReviewPage` selects no
 * author, no confidential field, no file and no message (docs/decisions/008-blind-review-and-council-vote.md).
 */
/**
 * Who may also open the full submission cannot review blind. The assignment and the role change refuse
 * this already; an account that holds both anyway (from before that rule) is refused here.
 */
async function requireBlindReviewer(request: Request, context: LoaderFunctionArgs["context"]) {
  const user = await requirePermission(request, context, "review.own");
  if (seesIdentities(user.roles)) throw httpError(403, "review_not_blind");
  return user;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  return getReviewPage(context.db, assignmentIdOf(params.assignmentId), user.id);
}

type ActionResult =
  | { intent: "review"; errors: FieldErrors; values: Record<string, string> }
  | { intent: "conflict"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  const id = assignmentIdOf(params.assignmentId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;

  if (intent === "conflict") {
    const values = { type: String(form.get("type") ?? ""), note: String(form.get("note") ?? "") };
    const parsed = parseForm(conflictSchema, values, { messages: words });
    if (!parsed.ok) return data<ActionResult>({ intent: "conflict", errors: parsed.fieldErrors, values }, { status: 400 });
    try {
      await declareConflict(context.db, { assignmentId: id, reviewerId: user.id, ...parsed.value });
    } catch (err) {
      const e = formRefusal(err);
      return data<ActionResult>({ intent: "conflict", errors: { form: [words(e.messageKey)] }, values }, { status: e.status });
    }
    return redirect("/staff/reviews?conflict=1");
  }

  if (intent !== "save" && intent !== "submit") throw httpError(400, "bad_intent");
  const submit = intent === "submit";
  const page = await getReviewPage(context.db, id, user.id);
  // A page left open after the review was sent (another tab) or the initiative moved on: say so
  // rather than validate a form that is no longer shown.
  if (!page.editable) {
    const values: Record<string, string> = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    return data<ActionResult>({ intent: "review", errors: { form: [words("review_closed")] }, values }, { status: 409 });
  }
  const parsed = parseReviewForm(form, page.criteria, submit);
  if (!parsed.ok)
    return data<ActionResult>(
      { intent: "review", errors: codesToFieldErrors(parsed.errors, words), values: parsed.values },
      { status: 400 },
    );
  try {
    const out = await saveReview(context.db, { assignmentId: id, reviewerId: user.id, submit, ...parsed.data });
    const done = out.movedToCouncil ? "council" : out.submitted ? "submitted" : "draft";
    return redirect(`/staff/reviews/${id}?done=${done}`);
  } catch (err) {
    const e = formRefusal(err);
    const values: Record<string, string> = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    return data<ActionResult>({ intent: "review", errors: { form: [words(e.messageKey)] }, values }, { status: e.status });
  }
}

/** A refusal the review form shows in place (bad input 400, a review that closed meanwhile 409); anything else goes on. */
function formRefusal(err: unknown): { messageKey: string; status: 400 | 409 } {
  if (err instanceof ValidationError) return { messageKey: err.messageKey, status: 400 };
  if (isConflict(err)) return { messageKey: err.messageKey, status: 409 };
  throw err;
}

function label(c: CriterionDef, lang: "vi" | "en") {
  return lang === "vi" ? c.label_vi : c.label_en;
}

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const lang = useLang();
  const i = d.initiative;
  const done = params.get("done");
  const reviewErrors: FieldErrors = result?.intent === "review" ? result.errors : {};
  const reviewValues: Record<string, string> | null = result?.intent === "review" ? result.values : null;
  const conflictErrors: FieldErrors = result?.intent === "conflict" ? result.errors : {};
  const conflictValues = result?.intent === "conflict" ? result.values : null;
  const valueOf = (name: string, saved: string) => (reviewValues ? (reviewValues[name] ?? "") : saved);
  // In the summary a score's message names its criterion: "Điểm nằm ngoài thang điểm" alone, four times, says too little.
  const scoreLabels = Object.fromEntries(d.criteria.map((c) => [`score_${c.id}`, label(c, lang)]));

  return (
    <article aria-labelledby="review-title">
      <p className="no-print">
        <Link to="/staff/reviews">← {r.list.title}</Link>
      </p>
      <h1 id="review-title">{r.review.title(i.code)}</h1>
      <p className="notice">{r.review.blindNotice}</p>
      {done ? (
        <p className="notice ok" role="status">
          {done === "draft" ? r.review.draftSaved : r.review.submittedDone}
          {done === "council" ? ` ${r.review.movedToCouncil}` : ""}
        </p>
      ) : null}

      <dl className="facts">
        <dt>{r.review.due}</dt>
        <dd className={d.assignment.overdue ? "overdue" : undefined}>
          {formatDate(d.assignment.due_on, lang)}
          {d.assignment.overdue ? ` (${r.review.overdue})` : ""}
        </dd>
        <dt>{r.common.status}</dt>
        <dd>{t.common.status[i.status]}</dd>
      </dl>

      <section aria-labelledby="initiative-heading">
        <h2 id="initiative-heading">{r.review.initiative}</h2>
        <dl className="facts">
          <dt>{r.common.title}</dt>
          <dd>{i.title}</dd>
          <dt>{r.common.area}</dt>
          <dd>{t.common.area[i.reform_area]}</dd>
          {i.procedure_domain ? (
            <>
              <dt>{r.common.domain}</dt>
              <dd>{t.common.domain[i.procedure_domain]}</dd>
            </>
          ) : null}
          <dt>{r.common.scope}</dt>
          <dd>
            {t.common.scope[i.scope_type]}
            {i.agency_name ? `: ${i.agency_name}` : ""}
            {i.unit_name ? `: ${i.unit_name}` : ""}
          </dd>
          <dt>{r.common.appliedBefore}</dt>
          <dd>
            {i.applied_before ? r.common.yes : r.common.no}
            {i.applied_at ? ` (${formatDate(i.applied_at, lang)})` : ""}
          </dd>
          <dt>{r.common.submitted}</dt>
          <dd>{formatDate(i.submitted_at, lang)}</dd>
        </dl>
        <h3>{r.common.problem}</h3>
        <p className="pre-wrap">{i.problem}</p>
        <h3>{r.common.solution}</h3>
        <p className="pre-wrap">{i.solution}</p>
        <h3>{r.common.benefit}</h3>
        <p className="pre-wrap">{i.benefit}</p>
        <ReviewerSupplement assignmentId={d.assignment.id} supplement={d.supplement} />
      </section>

      {!d.editable && (reviewErrors.form || conflictErrors.form) ? (
        <p className="notice warn" role="alert" id="review-closed">
          {(reviewErrors.form ?? conflictErrors.form)?.join(" ")}
        </p>
      ) : null}

      {d.editable ? (
        <section aria-labelledby="rubric-heading">
          <h2 id="rubric-heading">{r.review.rubric}</h2>
          <p className="hint">{r.review.rubricHint}</p>
          <ErrorSummary
            title={r.common.errorsTitle}
            errors={reviewErrors}
            labels={scoreLabels}
            fields={[...Object.keys(scoreLabels), "recommendation", "comment"]}
          />
          <Form method="post" id="review-form" noValidate>
            {d.criteria.map((c) => {
              const name = `score_${c.id}`;
              const saved = d.review?.scores[c.id];
              return (
                <Field
                  key={c.id}
                  name={name}
                  label={`${label(c, lang)} (${r.review.weight(c.weight)})`}
                  hint={r.review.scale(c.scale_min, c.scale_max)}
                  errors={reviewErrors[name]}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      type="number"
                      inputMode="numeric"
                      min={c.scale_min}
                      max={c.scale_max}
                      step={1}
                      defaultValue={valueOf(name, saved === undefined ? "" : String(saved))}
                      className="score-input"
                    />
                  )}
                </Field>
              );
            })}
            <RadioGroup
              name="recommendation"
              label={r.review.recommendation}
              errors={reviewErrors.recommendation}
              options={(["recognise", "reject", "discuss"] as const).map((v) => ({ value: v, label: r.recommendation[v] }))}
              defaultValue={valueOf("recommendation", d.review?.recommendation ?? "")}
            />
            <Field name="comment" label={r.review.comment} hint={r.review.commentHint} errors={reviewErrors.comment}>
              {(aria) => <textarea {...aria} maxLength={COMMENT_MAX} defaultValue={valueOf("comment", d.review?.comment ?? "")} />}
            </Field>
            <p className="hint">{r.review.submitHint}</p>
            <div className="button-row">
              <button type="submit" name="intent" value="save" className="secondary">
                {r.review.saveDraft}
              </button>{" "}
              <button type="submit" name="intent" value="submit" className="primary">
                {r.review.submit}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="own-heading">
          <h2 id="own-heading">{r.review.yourReview}</h2>
          {d.review?.submitted_at ? (
            <>
              <ScoreTable criteria={d.criteria} scores={d.review.scores} />
              <dl className="facts">
                <dt>{r.review.total}</dt>
                <dd>{formatScore(weightedTotal(d.criteria, d.review.scores), lang)}</dd>
                <dt>{r.review.recommendation}</dt>
                <dd>{d.review.recommendation ? r.recommendation[d.review.recommendation] : "—"}</dd>
                <dt>{r.review.comment}</dt>
                <dd className="pre-wrap">{d.review.comment}</dd>
                <dt>{r.review.submittedAt}</dt>
                <dd>{formatDateTime(d.review.submitted_at, lang)}</dd>
              </dl>
            </>
          ) : (
            <p>{r.review.closed}</p>
          )}
        </section>
      )}

      <section aria-labelledby="others-heading">
        <h2 id="others-heading">{r.review.others}</h2>
        {d.others === null ? (
          <p>{r.review.othersHidden}</p>
        ) : d.others.length === 0 ? (
          <p>{r.review.othersNone}</p>
        ) : (
          d.others.map((o) => (
            <div key={o.label} className="card other-review">
              <h3>{r.review.reviewer(o.label)}</h3>
              <ScoreTable criteria={o.criteria} scores={o.scores} />
              <dl className="facts">
                <dt>{r.review.total}</dt>
                <dd>{formatScore(o.total, lang)}</dd>
                <dt>{r.aggregate.recommendation}</dt>
                <dd>{o.recommendation ? r.recommendation[o.recommendation] : "—"}</dd>
                <dt>{r.aggregate.comment}</dt>
                <dd className="pre-wrap">{o.comment}</dd>
              </dl>
            </div>
          ))
        )}
      </section>

      {d.editable ? (
        <section aria-labelledby="conflict-heading" className="no-print">
          <h2 id="conflict-heading">{r.review.conflict}</h2>
          <p className="hint">{r.review.conflictHint}</p>
          <ErrorSummary title={r.common.errorsTitle} errors={conflictErrors} fields={["type", "note"]} scope="conflict" />
          <Form method="post" id="conflict-form" noValidate>
            <input type="hidden" name="intent" value="conflict" />
            <RadioGroup
              name="type"
              scope="conflict"
              label={r.review.conflictType}
              errors={conflictErrors.type}
              options={CONFLICT_TYPES.map((v) => ({ value: v, label: r.review.conflictTypes[v] }))}
              defaultValue={conflictValues?.type}
            />
            <Field name="note" scope="conflict" label={r.review.conflictNote} errors={conflictErrors.note}>
              {(aria) => <textarea {...aria} maxLength={2000} defaultValue={conflictValues?.note ?? ""} />}
            </Field>
            <button type="submit" className="danger">
              {r.review.conflictSubmit}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}

function ScoreTable({ criteria, scores }: { criteria: CriterionDef[]; scores: Record<number, number> }) {
  const t = useT().review;
  const lang = useLang();
  return (
    <table className="scores">
      <thead>
        <tr>
          <th scope="col">{t.review.criterion}</th>
          <th scope="col">{t.review.score}</th>
        </tr>
      </thead>
      <tbody>
        {criteria.map((c) => (
          <tr key={c.id}>
            <th scope="row">{label(c, lang)}</th>
            <td>
              {scores[c.id] ?? "—"} / {c.scale_max}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
