/**
 * The duplicate question on the private tracking page: the secretary found that this initiative may duplicate
 * another; the submitter agrees (the two are linked) or objects with a reason (back to screening). Both are plain
 * forms posted to track_.$code_.duplicate.tsx, so they work without JavaScript; an error comes back on that page.
 */
import "~/i18n/sections/duplicates";
import { Form } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useLang, useT } from "~/i18n/use-t";
import type { SubmitterDuplicateView } from "~/models/duplicates/links.server";
import { formatDate } from "~/utils/dates";
import { TextAreaField } from "../form-fields";

export interface DuplicateSectionProps {
  code: string;
  token: string;
  duplicate: SubmitterDuplicateView;
  /** the reason typed before an error, and the errors by field */
  reason?: string;
  errors?: Record<string, string[]>;
  busy?: boolean;
}

export function duplicateActionUrl(code: string, token: string): string {
  return `/track/${encodeURIComponent(code)}/duplicate?t=${encodeURIComponent(token)}`;
}

export function DuplicateSection({ code, token, duplicate: d, reason, errors, busy }: DuplicateSectionProps) {
  const t = useT().duplicates.tracking;
  const lang = useLang();
  const action = duplicateActionUrl(code, token);
  return (
    <section aria-labelledby="duplicate-title" id="duplicate" className="card duplicate-question">
      <h2 id="duplicate-title">{t.title}</h2>
      {d.status === "proposed" ? (
        <>
          <p>{t.proposed(d.originalCode)}</p>
          {d.originalSlug ? (
            <p>
              <PageLink to={`/initiatives/${d.originalSlug}`} lang="vi">
                {d.originalTitle ?? d.originalCode}
              </PageLink>{" "}
              <span className="hint">({t.seeOriginal})</span>
            </p>
          ) : null}
          <p className="hint">{formatDate(d.markedAt, lang)}</p>
          {errors?.form ? (
            <p className="notice warn" role="alert">
              {errors.form.join(" ")}
            </p>
          ) : null}
          <Form method="post" action={action} className="inline-actions">
            <button type="submit" name="intent" value="agree" className="primary" disabled={busy}>
              {t.agree}
            </button>
          </Form>
          <Form method="post" action={action} noValidate>
            <TextAreaField
              name="reason"
              label={t.reason}
              hint={t.reasonHint}
              errors={errors?.reason}
              defaultValue={reason ?? ""}
              rows={3}
            />
            <button type="submit" name="intent" value="object" className="secondary" disabled={busy}>
              {t.object}
            </button>
          </Form>
        </>
      ) : d.status === "agreed" ? (
        <p role="status">{t.agreed(d.originalCode)}</p>
      ) : (
        <p role="status">{t.objected(d.originalCode)}</p>
      )}
    </section>
  );
}
