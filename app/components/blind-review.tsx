/**
 * The parts of a blind review page the base level (staff.reviews.$assignmentId) and the city level
 * (staff.city-level.reviews.$id) show alike: the initiative without its author, the reviewer's own answers,
 * the others' reviews once one's own is in, and the form's recommendation, comment and buttons.
 */
import type { ReactNode } from "react";
import { Field, RadioGroup } from "~/components/form-fields";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore, type CriterionDef, type Recommendation } from "~/models/review/aggregation";
import { COMMENT_MAX } from "~/models/review/review-rules";
import type { FieldErrors } from "~/utils/forms";
import type { ProcedureDomain, ReformArea, ScopeType } from "~/domain/vocabulary";

export function criterionLabel(c: CriterionDef, lang: "vi" | "en") {
  return lang === "vi" ? c.label_vi : c.label_en;
}

/** Each score field's name with its criterion's label: the error summary names the criterion a message is about. */
export function scoreFieldLabels(criteria: CriterionDef[], lang: "vi" | "en"): Record<string, string> {
  return Object.fromEntries(criteria.map((c) => [`score_${c.id}`, criterionLabel(c, lang)]));
}

/**
 * One criterion's score: a whole number on its scale, labelled with the criterion and its weight. `bands`, when given,
 * renders what the scores mean beside the input (under the id passed to it, which the input is described by).
 */
export function ScoreField({
  criterion: c,
  errors,
  defaultValue,
  onInput,
  bands,
}: {
  criterion: CriterionDef;
  errors?: string[];
  defaultValue: string;
  onInput?: (value: string) => void;
  bands?: (id: string) => ReactNode;
}) {
  const r = useT().review;
  const lang = useLang();
  return (
    <Field
      name={`score_${c.id}`}
      label={`${criterionLabel(c, lang)} (${r.review.weight(c.weight)})`}
      hint={r.review.scale(c.scale_min, c.scale_max)}
      errors={errors}
    >
      {(aria) => {
        const bandsId = `${aria.id}-bands`;
        const input = (
          <input
            {...aria}
            {...(bands ? { "aria-describedby": [aria["aria-describedby"], bandsId].filter(Boolean).join(" ") } : {})}
            type="number"
            inputMode="numeric"
            min={c.scale_min}
            max={c.scale_max}
            step={1}
            defaultValue={defaultValue}
            onInput={onInput ? (e) => onInput(e.currentTarget.value) : undefined}
            className="score-input"
          />
        );
        if (!bands) return input;
        return (
          <div className="criterion-score">
            {input}
            {bands(bandsId)}
          </div>
        );
      }}
    </Field>
  );
}

/** Where the initiative applies and in which field (`dt`/`dd` pairs for a `dl`); the domain only where it is known. */
export function PlaceAndFieldFacts({
  i,
}: {
  i: {
    reform_area: ReformArea;
    procedure_domain?: ProcedureDomain | null;
    scope_type: ScopeType;
    agency_name: string | null;
    unit_name: string | null;
  };
}) {
  const t = useT();
  const r = t.review;
  return (
    <>
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
    </>
  );
}

/** The initiative's own words: the problem, the solution and the benefit. */
export function InitiativeTexts({ i }: { i: { problem: string; solution: string; benefit: string } }) {
  const r = useT().review;
  return (
    <>
      <h3>{r.common.problem}</h3>
      <p className="pre-wrap">{i.problem}</p>
      <h3>{r.common.solution}</h3>
      <p className="pre-wrap">{i.solution}</p>
      <h3>{r.common.benefit}</h3>
      <p className="pre-wrap">{i.benefit}</p>
    </>
  );
}

/** A review's weighted total, recommendation and comment (`dt`/`dd` pairs), under the given headings. */
function ReviewAnswerFacts({
  total,
  recommendation,
  comment,
  labels,
}: {
  total: number | null;
  recommendation: Recommendation | null;
  comment: string;
  labels: { recommendation: string; comment: string };
}) {
  const t = useT().review;
  const lang = useLang();
  return (
    <>
      <dt>{t.review.total}</dt>
      <dd>{formatScore(total, lang)}</dd>
      <dt>{labels.recommendation}</dt>
      <dd>{recommendation ? t.recommendation[recommendation] : "—"}</dd>
      <dt>{labels.comment}</dt>
      <dd className="pre-wrap">{comment}</dd>
    </>
  );
}

/** The reviewer's own submitted review; `children` adds facts after the comment. */
export function OwnReviewFacts({
  total,
  recommendation,
  comment,
  children,
}: {
  total: number | null;
  recommendation: Recommendation | null;
  comment: string;
  children?: ReactNode;
}) {
  const t = useT().review;
  return (
    <dl className="facts">
      <ReviewAnswerFacts total={total} recommendation={recommendation} comment={comment} labels={t.review} />
      {children}
    </dl>
  );
}

/** One of the others' reviews, by its number and never by name; `scores` (a table) goes above the answers. */
export function OtherReviewCard({
  review: o,
  scores,
}: {
  review: { label: string; total: number | null; recommendation: Recommendation | null; comment: string };
  scores?: ReactNode;
}) {
  const t = useT().review;
  return (
    <div className="card other-review">
      <h3>{t.review.reviewer(o.label)}</h3>
      {scores}
      <dl className="facts">
        <ReviewAnswerFacts total={o.total} recommendation={o.recommendation} comment={o.comment} labels={t.aggregate} />
      </dl>
    </div>
  );
}

/** The recommendation, the comment and the two buttons that end the scoring form; `hint` goes above the buttons. */
export function RecommendationCommentAndSend({
  errors,
  valueOf,
  saved,
  hint,
}: {
  errors: FieldErrors;
  valueOf: (name: string, saved: string) => string;
  saved: { recommendation: Recommendation | null; comment: string } | null;
  hint?: ReactNode;
}) {
  const r = useT().review;
  return (
    <>
      <RadioGroup
        name="recommendation"
        label={r.review.recommendation}
        errors={errors.recommendation}
        options={(["recognise", "reject", "discuss"] as const).map((v) => ({ value: v, label: r.recommendation[v] }))}
        defaultValue={valueOf("recommendation", saved?.recommendation ?? "")}
      />
      <Field name="comment" label={r.review.comment} hint={r.review.commentHint} errors={errors.comment}>
        {(aria) => <textarea {...aria} maxLength={COMMENT_MAX} defaultValue={valueOf("comment", saved?.comment ?? "")} />}
      </Field>
      {hint}
      <div className="button-row">
        <button type="submit" name="intent" value="save" className="secondary">
          {r.review.saveDraft}
        </button>{" "}
        <button type="submit" name="intent" value="submit" className="primary">
          {r.review.submit}
        </button>
      </div>
    </>
  );
}
