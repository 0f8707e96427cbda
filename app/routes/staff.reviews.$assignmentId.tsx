import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useState } from "react";
import { ActionFeedback } from "~/components/action-feedback";
import {
  criterionLabel,
  InitiativeTexts,
  OtherReviewCard,
  OwnReviewFacts,
  PlaceAndFieldFacts,
  RecommendationCommentAndSend,
  ScoreField,
  scoreFieldLabels,
} from "~/components/blind-review";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, ErrorSummary, Field, RadioGroup } from "~/components/form-fields";
import { ReviewerSupplement } from "~/components/reviewer-supplement";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore, formScores, formTotal, weightedTotal, type CriterionDef } from "~/models/review/aggregation";
import { answerNoConflict, conflictConfirmSchema, conflictQuestionSchema, declareConflict } from "~/models/review/conflicts.server";
import { descriptorText, scoreBands, type Descriptors } from "~/models/review/bands";
import { CONFLICT_TYPES } from "~/models/review/review-rules";
import { isConflict, ValidationError } from "~/models/errors";
import { getReviewPage, parseReviewForm, saveReview } from "~/models/review/reviews.server";
import { requireBlindReviewer } from "~/utils/blind-reviewer.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError, numericIdParam } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.facts.code ?? ""} — Phiếu chấm điểm` }];

/**
 * Blind: what this returns is everything the reviewer's browser receives. `getReviewPage` selects no
 * author, no confidential field, no file and no message (docs/decisions/008-blind-review-and-council-vote.md).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  return getReviewPage(context.db, numericIdParam(params.assignmentId), user.id);
}

type ActionResult =
  | { intent: "review"; errors: FieldErrors; values: Record<string, string> }
  | { intent: "conflict"; errors: FieldErrors; values: Record<string, string> }
  | { intent: "question"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireBlindReviewer(request, context);
  const id = numericIdParam(params.assignmentId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;

  // The first step: the content stays hidden until the reviewer says they know neither the author nor the
  // organisation; "yes" leads to the declaration's confirmation, a page of its own so it works without JavaScript.
  if (intent === "question") {
    const values = { knows: String(form.get("knows") ?? "") };
    const parsed = parseForm(conflictQuestionSchema, values, { messages: words });
    if (!parsed.ok) return data<ActionResult>({ intent: "question", errors: parsed.fieldErrors, values }, { status: 400 });
    if (parsed.value.knows === "yes") return redirect(`/staff/reviews/${id}?step=conflict`);
    try {
      await answerNoConflict(context.db, { assignmentId: id, reviewerId: user.id });
    } catch (err) {
      const e = formRefusal(err);
      return data<ActionResult>({ intent: "question", errors: { form: [words(e.messageKey)] }, values }, { status: e.status });
    }
    return redirect(`/staff/reviews/${id}?done=no_conflict`);
  }

  if (intent === "conflict") {
    const values = {
      type: String(form.get("type") ?? ""),
      note: String(form.get("note") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    };
    const parsed = parseForm(conflictConfirmSchema, values, { messages: words });
    if (!parsed.ok) return data<ActionResult>({ intent: "conflict", errors: parsed.fieldErrors, values }, { status: 400 });
    try {
      await declareConflict(context.db, { assignmentId: id, reviewerId: user.id, type: parsed.value.type, note: parsed.value.note });
    } catch (err) {
      const e = formRefusal(err);
      return data<ActionResult>({ intent: "conflict", errors: { form: [words(e.messageKey)] }, values }, { status: e.status });
    }
    return redirect("/staff/reviews?done=conflict");
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
  // Scores before the conflict question was answered would be scores of a content not yet shown.
  if (page.conflictQuestion) {
    const values: Record<string, string> = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    return data<ActionResult>({ intent: "question", errors: { form: [words("conflict_question_first")] }, values }, { status: 409 });
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

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const f = r.reviewForm;
  const g = t.staff.glossary;
  const lang = useLang();
  const done = params.get("done");
  const errorsOf = (intent: "review" | "conflict" | "question"): FieldErrors => (result?.intent === intent ? result.errors : {});
  const closedError = errorsOf("review").form ?? errorsOf("conflict").form ?? errorsOf("question").form;
  // Declaring is a page of its own (the confirmation); the question comes first while it is unanswered.
  const declaring = d.editable && (params.get("step") === "conflict" || result?.intent === "conflict");
  const asking = d.editable && d.conflictQuestion && !declaring;
  const feedback = feedbackOf(done, d, g, lang);

  return (
    <article aria-labelledby="review-title">
      <p className="no-print">
        <PageLink to="/staff/reviews">← {r.list.title}</PageLink>
      </p>
      <h1 id="review-title">{r.review.title(d.facts.code)}</h1>
      <p className="notice">{r.review.blindNotice}</p>
      <ActionFeedback message={feedback} />

      <dl className="facts">
        <dt>{r.review.due}</dt>
        <dd className={d.assignment.overdue ? "overdue" : undefined}>
          {formatDate(d.assignment.due_on, lang)}
          {d.assignment.overdue ? ` (${r.review.overdue})` : ""}
        </dd>
        <dt>{r.common.status}</dt>
        <dd>{t.common.status[d.facts.status]}</dd>
      </dl>

      {!d.editable && closedError ? (
        <p className="notice warn" role="alert" id="review-closed">
          {closedError.join(" ")}
        </p>
      ) : null}

      {declaring ? (
        <ConflictDeclaration d={d} errors={errorsOf("conflict")} values={result?.intent === "conflict" ? result.values : null} />
      ) : asking ? (
        <ConflictQuestion d={d} errors={errorsOf("question")} values={result?.intent === "question" ? result.values : null} />
      ) : d.initiative ? (
        <ReviewContent
          d={d}
          initiative={d.initiative}
          errors={errorsOf("review")}
          values={result?.intent === "review" ? result.values : null}
        />
      ) : (
        <>
          <NeutralFactsList d={d} />
          <p>{f.closed}</p>
        </>
      )}
    </article>
  );
}

/** The message after a redirect, specific to what was done: the saved draft's time, the sent review's total. */
function feedbackOf(done: string | null, d: PageData, g: ReturnType<typeof useT>["staff"]["glossary"], lang: "vi" | "en"): string | null {
  switch (done) {
    case null:
      return null;
    case "no_conflict":
      return g.no_conflict;
    case "draft":
      return d.review ? g.review_draft(d.facts.code, formatDateTime(d.review.updated_at, lang)) : g.updated;
    case "submitted":
    case "council": {
      if (!d.review) return g.updated;
      const sent = g.review_submitted(d.facts.code, formatScore(weightedTotal(d.criteria, d.review.scores), lang));
      return done === "council" ? `${sent} ${g.review_council}` : sent;
    }
    default:
      return g.updated;
  }
}

/** Where the initiative applies and in which field: what the conflict question is answered from, and no one's name. */
function NeutralFactsList({ d }: { d: PageData }) {
  const r = useT().review;
  return (
    <dl className="facts" aria-label={r.reviewForm.facts}>
      <PlaceAndFieldFacts i={d.facts} />
    </dl>
  );
}

function ConflictQuestion({ d, errors, values }: { d: PageData; errors: FieldErrors; values: Record<string, string> | null }) {
  const t = useT().review;
  const f = t.reviewForm;
  return (
    <section aria-labelledby="question-heading">
      <h2 id="question-heading">{f.questionTitle}</h2>
      <p>{f.questionIntro}</p>
      <NeutralFactsList d={d} />
      <ErrorSummary title={t.common.errorsTitle} errors={errors} fields={["knows"]} />
      <Form method="post" id="question-form" noValidate>
        <input type="hidden" name="intent" value="question" />
        <RadioGroup
          name="knows"
          label={f.question}
          hint={f.questionHint}
          errors={errors.knows}
          options={[
            { value: "no", label: f.knowsNo },
            { value: "yes", label: f.knowsYes },
          ]}
          defaultValue={values?.knows}
        />
        <button type="submit" className="primary">
          {f.continue}
        </button>
      </Form>
    </section>
  );
}

function ConflictDeclaration({ d, errors, values }: { d: PageData; errors: FieldErrors; values: Record<string, string> | null }) {
  const t = useT().review;
  const f = t.reviewForm;
  return (
    <section aria-labelledby="conflict-heading" className="no-print">
      <h2 id="conflict-heading">{f.declareTitle}</h2>
      <p className="notice warn">{f.declareIntro}</p>
      <ErrorSummary title={t.common.errorsTitle} errors={errors} fields={["type", "note", "confirm"]} scope="conflict" />
      <Form method="post" id="conflict-form" noValidate>
        <input type="hidden" name="intent" value="conflict" />
        <RadioGroup
          name="type"
          scope="conflict"
          label={t.review.conflictType}
          errors={errors.type}
          options={CONFLICT_TYPES.map((v) => ({ value: v, label: t.review.conflictTypes[v] }))}
          defaultValue={values?.type}
        />
        <Field name="note" scope="conflict" label={t.review.conflictNote} errors={errors.note}>
          {(aria) => <textarea {...aria} maxLength={2000} defaultValue={values?.note ?? ""} />}
        </Field>
        <CheckboxField
          name="confirm"
          scope="conflict"
          label={f.confirm}
          errors={errors.confirm}
          defaultChecked={values?.confirm === "on"}
        />
        <div className="button-row">
          <button type="submit" className="danger">
            {t.review.conflictSubmit}
          </button>{" "}
          <PageLink to={`/staff/reviews/${d.assignment.id}`}>{f.back}</PageLink>
        </div>
      </Form>
    </section>
  );
}

function ReviewContent({
  d,
  initiative: i,
  errors,
  values,
}: {
  d: PageData;
  initiative: NonNullable<PageData["initiative"]>;
  errors: FieldErrors;
  values: Record<string, string> | null;
}) {
  const t = useT();
  const r = t.review;
  const lang = useLang();
  return (
    <>
      <section aria-labelledby="initiative-heading">
        <h2 id="initiative-heading">{r.review.initiative}</h2>
        <dl className="facts">
          <dt>{r.common.title}</dt>
          <dd>{i.title}</dd>
          <PlaceAndFieldFacts i={i} />
          <dt>{r.common.appliedBefore}</dt>
          <dd>
            {i.applied_before ? r.common.yes : r.common.no}
            {i.applied_at ? ` (${formatDate(i.applied_at, lang)})` : ""}
          </dd>
          <dt>{r.common.submitted}</dt>
          <dd>{formatDate(i.submitted_at, lang)}</dd>
        </dl>
        <InitiativeTexts i={i} />
        <ReviewerSupplement assignmentId={d.assignment.id} supplement={d.supplement} />
      </section>

      {d.editable ? (
        // Keyed by what it shows (another assignment, a re-filled form, a newer save), so its live total starts from that.
        <ReviewForm
          key={`${d.assignment.id}:${values ? JSON.stringify(values) : (d.review?.updated_at ?? "new")}`}
          d={d}
          errors={errors}
          values={values}
        />
      ) : (
        <section aria-labelledby="own-heading">
          <h2 id="own-heading">{r.review.yourReview}</h2>
          {d.review?.submitted_at ? (
            <>
              <ScoreTable criteria={d.criteria} scores={d.review.scores} />
              <OwnReviewFacts
                total={weightedTotal(d.criteria, d.review.scores)}
                recommendation={d.review.recommendation}
                comment={d.review.comment}
              >
                <dt>{r.review.submittedAt}</dt>
                <dd>{formatDateTime(d.review.submitted_at, lang)}</dd>
              </OwnReviewFacts>
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
          d.others.map((o) => <OtherReviewCard key={o.label} review={o} scores={<ScoreTable criteria={o.criteria} scores={o.scores} />} />)
        )}
      </section>

      {d.editable ? (
        <section aria-labelledby="conflict-later-heading" className="no-print">
          <h2 id="conflict-later-heading">{r.review.conflict}</h2>
          <p className="hint">{r.reviewForm.declareLater}</p>
          <p>
            <PageLink to={`/staff/reviews/${d.assignment.id}?step=conflict`}>{r.reviewForm.declareLink}</PageLink>
          </p>
        </section>
      ) : null}
    </>
  );
}

/**
 * The scoring form. Its weighted total is `formTotal`, the function the server renders it with: without JavaScript
 * the page shows the total of the scores it was given (saved or re-filled); with it, the same function runs again
 * at each change of a score.
 */
function ReviewForm({ d, errors, values }: { d: PageData; errors: FieldErrors; values: Record<string, string> | null }) {
  const t = useT();
  const r = t.review;
  const f = r.reviewForm;
  const lang = useLang();
  const valueOf = (name: string, saved: string) => (values ? (values[name] ?? "") : saved);
  const initial: Record<string, string> = Object.fromEntries(
    d.criteria.map((c) => {
      const saved = d.review?.scores[c.id];
      return [`score_${c.id}`, valueOf(`score_${c.id}`, saved === undefined ? "" : String(saved))];
    }),
  );
  const [scores, setScores] = useState(initial);
  const total = formTotal(d.criteria, scores);
  // In the summary a score's message names its criterion: "Điểm nằm ngoài thang điểm" alone, four times, says too little.
  const scoreLabels = scoreFieldLabels(d.criteria, lang);
  return (
    <section aria-labelledby="rubric-heading">
      <h2 id="rubric-heading">{r.review.rubric}</h2>
      <p className="hint">{r.review.rubricHint}</p>
      <ErrorSummary
        title={r.common.errorsTitle}
        errors={errors}
        labels={scoreLabels}
        fields={[...Object.keys(scoreLabels), "recommendation", "comment"]}
      />
      <Form method="post" id="review-form" noValidate>
        {d.criteria.map((c) => {
          const name = `score_${c.id}`;
          const current = formScores([c], scores)[c.id];
          return (
            <ScoreField
              key={c.id}
              criterion={c}
              errors={errors[name]}
              defaultValue={initial[name]}
              onInput={(v) => setScores((s) => ({ ...s, [name]: v }))}
              bands={(id) => <BandList id={id} criterion={c} descriptors={d.descriptors[c.id]} score={current} />}
            />
          );
        })}
        <div className="live-total">
          <span id="live-total-label">{f.liveTotal}</span>:{" "}
          <output
            form="review-form"
            htmlFor={d.criteria.map((c) => `f-score_${c.id}`).join(" ")}
            aria-labelledby="live-total-label"
            data-total=""
          >
            {formatScore(total, lang)}
          </output>
          <p className="hint">{f.liveTotalHint}</p>
        </div>
        <RecommendationCommentAndSend
          errors={errors}
          valueOf={valueOf}
          saved={d.review}
          hint={<p className="hint">{r.review.submitHint}</p>}
        />
      </Form>
    </section>
  );
}

/** What a low, middle and high score means for one criterion; the band of the score typed is marked. */
function BandList({
  id,
  criterion: c,
  descriptors,
  score,
}: {
  id: string;
  criterion: CriterionDef;
  descriptors?: Descriptors;
  score?: number;
}) {
  const f = useT().review.reviewForm;
  const lang = useLang();
  return (
    <div className="score-bands" id={id}>
      <p className="bands-title">{f.bands}</p>
      <ul>
        {scoreBands(c.scale_min, c.scale_max).map((b) => {
          const current = score !== undefined && score >= b.from && score <= b.to;
          return (
            <li key={b.band} className={current ? "current" : undefined} aria-current={current ? "true" : undefined}>
              <strong>
                {f.bandNames[b.band]}, {f.band(b.from, b.to)}:
              </strong>{" "}
              {descriptorText(descriptors, b.band, lang) || f.noDescriptor}
            </li>
          );
        })}
      </ul>
    </div>
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
            <th scope="row">{criterionLabel(c, lang)}</th>
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
