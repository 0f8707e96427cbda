import "~/i18n/sections/review";
import "~/i18n/sections/city";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import {
  InitiativeTexts,
  OtherReviewCard,
  OwnReviewFacts,
  PlaceAndFieldFacts,
  RecommendationCommentAndSend,
  ScoreField,
  scoreFieldLabels,
} from "~/components/blind-review";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, RadioGroup } from "~/components/form-fields";
import { useLang, useT } from "~/i18n/use-t";
import { declareCityConflict, getCityReviewPage, saveCityReview } from "~/models/city/city-level.server";
import { weightedTotal } from "~/models/review/aggregation";
import { conflictSchema } from "~/models/review/conflicts.server";
import { CONFLICT_TYPES } from "~/models/review/review-rules";
import { parseReviewForm } from "~/models/review/reviews.server";
import { requireBlindReviewer } from "~/utils/blind-reviewer.server";
import { cityRefusal, cityWords } from "~/utils/city-level-http.server";
import { formatDate } from "~/utils/dates";
import { codesToFieldErrors, formValues, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError, numericIdParam } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.initiative.code ?? ""} — Phiếu chấm cấp Thành phố` }];

/** Blind: everything this returns reaches the reviewer's browser, and none of it names an author. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  return getCityReviewPage(context.db, numericIdParam(params.id), user.id);
}

type ActionResult = { intent: "review" | "conflict"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  const id = numericIdParam(params.id);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const words = cityWords(request);
  const values = formValues(form);

  if (intent === "conflict") {
    const parsed = parseForm(conflictSchema, { type: values.type ?? "", note: values.note ?? "" }, { messages: words });
    if (!parsed.ok) return data<ActionResult>({ intent: "conflict", errors: parsed.fieldErrors, values }, { status: 400 });
    try {
      await declareCityConflict(context.db, { assignmentId: id, reviewerId: user.id, ...parsed.value });
    } catch (err) {
      const r = cityRefusal(err, request);
      return data<ActionResult>({ intent: "conflict", errors: r.errors, values }, { status: r.status });
    }
    return redirect("/staff/city-level?conflict=1");
  }

  if (intent !== "save" && intent !== "submit") throw httpError(400, "bad_intent");
  const submit = intent === "submit";
  const page = await getCityReviewPage(context.db, id, user.id);
  if (!page.editable) return data<ActionResult>({ intent: "review", errors: { form: [words("review_closed")] }, values }, { status: 409 });
  const parsed = parseReviewForm(form, page.criteria, submit);
  if (!parsed.ok)
    return data<ActionResult>(
      { intent: "review", errors: codesToFieldErrors(parsed.errors, words), values: parsed.values },
      { status: 400 },
    );
  try {
    await saveCityReview(context.db, { assignmentId: id, reviewerId: user.id, submit, ...parsed.data });
  } catch (err) {
    const r = cityRefusal(err, request);
    return data<ActionResult>({ intent: "review", errors: r.errors, values }, { status: r.status });
  }
  return redirect(`/staff/city-level/reviews/${id}?done=${submit ? "submitted" : "saved"}`);
}

export default function CityReview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const c = t.city;
  const lang = useLang();
  const i = d.initiative;
  const done = params.get("done");
  const reviewErrors: FieldErrors = result?.intent === "review" ? result.errors : {};
  const reviewValues = result?.intent === "review" ? result.values : null;
  const conflictErrors: FieldErrors = result?.intent === "conflict" ? result.errors : {};
  const valueOf = (name: string, saved: string) => (reviewValues ? (reviewValues[name] ?? "") : saved);
  const scoreLabels = scoreFieldLabels(d.criteria, lang);
  return (
    <article aria-labelledby="review-title">
      <p className="no-print">
        <PageLink to="/staff/city-level">{c.back}</PageLink>
      </p>
      <h1 id="review-title">{c.reviewHeading(i.code, d.round.year)}</h1>
      <p className="notice">{c.blindNotice}</p>
      {done ? (
        <p className="notice ok" role="status">
          {done === "saved" ? c.saved : c.submitted}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{r.review.due}</dt>
        <dd className={d.assignment.overdue ? "overdue" : undefined}>
          {formatDate(d.assignment.due_on, lang)}
          {d.assignment.overdue ? ` (${r.review.overdue})` : ""}
        </dd>
      </dl>

      <section aria-labelledby="initiative-heading">
        <h2 id="initiative-heading">{r.review.initiative}</h2>
        <dl className="facts">
          <dt>{r.common.title}</dt>
          <dd>{i.title}</dd>
          {/* the city page has never shown the procedure domain */}
          <PlaceAndFieldFacts i={{ ...i, procedure_domain: null }} />
        </dl>
        <InitiativeTexts i={i} />
      </section>

      {d.editable ? (
        <section aria-labelledby="rubric-heading">
          <h2 id="rubric-heading">{r.review.rubric}</h2>
          <ErrorSummary
            title={r.common.errorsTitle}
            errors={reviewErrors}
            labels={scoreLabels}
            fields={[...Object.keys(scoreLabels), "recommendation", "comment"]}
          />
          <Form method="post" noValidate>
            {d.criteria.map((x) => {
              const saved = d.review?.scores[x.id];
              return (
                <ScoreField
                  key={x.id}
                  criterion={x}
                  errors={reviewErrors[`score_${x.id}`]}
                  defaultValue={valueOf(`score_${x.id}`, saved === undefined ? "" : String(saved))}
                />
              );
            })}
            <RecommendationCommentAndSend errors={reviewErrors} valueOf={valueOf} saved={d.review} />
          </Form>
        </section>
      ) : (
        <section aria-labelledby="own-heading">
          <h2 id="own-heading">{r.review.yourReview}</h2>
          {reviewErrors.form ? (
            <p className="notice warn" role="alert">
              {reviewErrors.form.join(" ")}
            </p>
          ) : null}
          {d.review?.submitted_at ? (
            <OwnReviewFacts
              total={weightedTotal(d.criteria, d.review.scores)}
              recommendation={d.review.recommendation}
              comment={d.review.comment}
            />
          ) : (
            <p>{c.closed}</p>
          )}
        </section>
      )}

      {d.others ? (
        <section aria-labelledby="others-heading">
          <h2 id="others-heading">{r.review.others}</h2>
          {d.others.length === 0 ? <p>{r.review.othersNone}</p> : d.others.map((o) => <OtherReviewCard key={o.label} review={o} />)}
        </section>
      ) : null}

      {d.editable ? (
        <section aria-labelledby="conflict-heading" className="no-print">
          <h2 id="conflict-heading">{r.review.conflict}</h2>
          <p className="hint">{r.review.conflictHint}</p>
          <ErrorSummary title={r.common.errorsTitle} errors={conflictErrors} fields={["type", "note"]} scope="conflict" />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="conflict" />
            <RadioGroup
              name="type"
              scope="conflict"
              label={r.review.conflictType}
              errors={conflictErrors.type}
              options={CONFLICT_TYPES.map((v) => ({ value: v, label: r.review.conflictTypes[v] }))}
            />
            <Field name="note" scope="conflict" label={r.review.conflictNote} errors={conflictErrors.note}>
              {(aria) => <textarea {...aria} maxLength={2000} />}
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
