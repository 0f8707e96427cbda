/**
 * The rating on the private tracking page (docs/decisions/037-service-targets-and-ratings.md): once the case has its
 * answer, a form for clarity, timeliness and courtesy (1–5) and an optional comment, posted to
 * track_.$code_.rating.tsx; once given, the rating and the staff's answers to its comment.
 */
import "~/i18n/sections/timeliness";
import { Form } from "@remix-run/react";
import { useLang, useT } from "~/i18n/use-t";
import type { SubmitterRating } from "~/models/service-targets/ratings.server";
import { RATING_ASPECTS, RATING_SCALE } from "~/models/service-targets/targets";
import { formatDate } from "~/utils/dates";

export interface RatingSectionProps {
  code: string;
  token: string;
  canRate: boolean;
  rating: SubmitterRating | null;
  /** the field errors of a refused post, one code per field */
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

export function RatingForm({
  code,
  token,
  errors = {},
  values = {},
}: {
  code: string;
  token: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const dict = useT().timeliness;
  const t = dict.rating;
  const err = (code: string | undefined) => (code ? ((t.errors as Record<string, string>)[code] ?? code) : null);
  return (
    <Form method="post" action={`/track/${encodeURIComponent(code)}/rating?t=${encodeURIComponent(token)}`} className="rating-form">
      {RATING_ASPECTS.map((a) => (
        <fieldset key={a} aria-describedby={errors[a] ? `rating-${a}-error` : undefined} aria-invalid={errors[a] ? true : undefined}>
          <legend>{dict.public.aspects[a]}</legend>
          {errors[a] ? (
            <p className="field-error" id={`rating-${a}-error`}>
              {err(errors[a])}
            </p>
          ) : null}
          <span className="radio-row">
            {RATING_SCALE.map((n) => (
              <label key={n}>
                <input type="radio" name={a} value={n} defaultChecked={values[a] === String(n)} required /> {n}
              </label>
            ))}
          </span>
        </fieldset>
      ))}
      <label htmlFor="rating-comment">{t.comment}</label>
      {errors.comment ? (
        <p className="field-error" id="rating-comment-error">
          {err(errors.comment)}
        </p>
      ) : null}
      <textarea id="rating-comment" name="comment" rows={4} maxLength={2000} defaultValue={values.comment ?? ""} />
      <p>
        <button type="submit">{t.submit}</button>
      </p>
    </Form>
  );
}

export function RatingSection({ code, token, canRate, rating }: RatingSectionProps) {
  const t = useT().timeliness;
  const lang = useLang();
  if (!canRate && !rating) return null;
  return (
    <section aria-labelledby="rating-title" id="rating" className="rating">
      <h2 id="rating-title">{t.rating.title}</h2>
      {rating ? (
        <>
          <p data-rated="yes">{t.rating.given(formatDate(rating.createdAt, lang))}</p>
          <dl className="facts">
            {RATING_ASPECTS.map((a) => (
              <div key={a}>
                <dt>{t.public.aspects[a]}</dt>
                <dd>{rating.scores[a]} / 5</dd>
              </div>
            ))}
            {rating.comment ? (
              <div>
                <dt>{t.rating.yourComment}</dt>
                <dd className="prose">{rating.comment}</dd>
              </div>
            ) : null}
          </dl>
          {rating.replies.length ? (
            <>
              <h3>{t.rating.answers}</h3>
              <ul className="rating-replies">
                {rating.replies.map((r, i) => (
                  <li key={i}>
                    <p className="hint">{t.rating.answeredOn(formatDate(r.at, lang))}</p>
                    <p className="prose">{r.body}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : (
        <>
          <p>{t.rating.intro}</p>
          <RatingForm code={code} token={token} />
        </>
      )}
    </section>
  );
}
