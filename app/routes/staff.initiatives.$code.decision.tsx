import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useState } from "react";
import { ActionFeedback, feedbackFor } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StaleNotice } from "~/components/stale-notice";
import { ErrorSummary, Field, RadioGroup } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore } from "~/models/review/aggregation";
import { REASON_MAX, votesNeeded } from "~/models/council/decision-rules";
import {
  activeCommendationLevels,
  decisionDocuments,
  decisionFormSchema,
  getDecision,
  recordDecision,
} from "~/models/council/decisions.server";
import { isConflict, ValidationError } from "~/models/errors";
import { getAggregate } from "~/models/review/reviews.server";
import { currentState, findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { DECISION_ACCEPT, DECISION_UPLOAD } from "~/utils/upload-limits";
import { withUpload } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.code ?? ""} — Quyết định của hội đồng` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "decision.record");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const title = await context.db.selectFrom("initiatives").select("title").where("id", "=", row.id).executeTakeFirstOrThrow();
  const agg = await getAggregate(context.db, row.id);
  return {
    code: params.code!,
    title: title.title,
    status: row.status,
    version: row.version,
    levels: await activeCommendationLevels(context.db),
    decision: (await getDecision(context.db, row.id)) ?? null,
    documents: await decisionDocuments(context.db, row.id),
    summary: {
      weightedTotal: agg.aggregate.weightedTotal,
      reviews: agg.aggregate.reviewCount,
      needsDiscussion: agg.aggregate.needsDiscussion,
    },
  };
}

type Values = Record<string, string>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "decision.record");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;

  return withUpload(context.db, request, DECISION_UPLOAD, async (received, commit) => {
    const parsed = parseForm(decisionFormSchema, received.form, { messages: words });
    const errors: FieldErrors = parsed.ok ? {} : parsed.fieldErrors;
    const values: Values = parsed.values;
    // A file problem replaces what the schema said of the documents: it is the one to fix.
    const tooLarge = received.problems.some((p) => p.kind === "too_large");
    const fileProblem = tooLarge
      ? "file_size"
      : received.problems.some((p) => p.kind === "too_many")
        ? "file_count"
        : received.problems.length
          ? "file_type"
          : null;
    if (fileProblem) errors.documents = [words(fileProblem)];
    if (!parsed.ok || fileProblem) return data({ errors, values, stale: null }, { status: tooLarge ? 413 : 400 });

    const f = parsed.value;
    try {
      await commit((documents) =>
        recordDecision(context.db, {
          initiativeId: row.id,
          expectedVersion: f.version,
          actorUserId: user.id,
          outcome: f.outcome,
          membersPresent: f.membersPresent,
          votesFor: f.votesFor,
          votesAgainst: f.votesAgainst,
          votesAbstain: f.votesAbstain,
          reason: f.reason,
          commendationLevelId: f.outcome === "recognised" ? f.commendationLevelId : null,
          documents,
        }),
      );
    } catch (err) {
      if (isConflict(err))
        return data({ errors: {} as FieldErrors, values, stale: await currentState(context.db, row.id) }, { status: 409 });
      if (!(err instanceof ValidationError)) throw err;
      return data({ errors: { form: [words(err.messageKey)] } as FieldErrors, values, stale: null }, { status: 400 });
    }
    return redirect(`/staff/initiatives/${encodeURIComponent(params.code!)}/decision?done=${f.outcome}`);
  });
}

export default function DecisionPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Values = result?.values ?? {};
  const [present, setPresent] = useState(values.membersPresent ?? "");
  const presentN = /^\d+$/.test(present) ? Number(present) : null;

  return (
    <section aria-labelledby="decision-title">
      <h1 id="decision-title">{r.decision.title(d.code)}</h1>
      <p className="lead">{d.title}</p>
      <ActionFeedback message={feedbackFor(params, t.staff.glossary, (day) => formatDate(day, lang))} />
      {result?.stale ? <StaleNotice stale={result.stale} /> : null}

      {d.decision ? (
        <RecordedDecision decision={d.decision} documents={d.documents} />
      ) : d.status !== "council" ? (
        <p className="notice warn">{r.common.notAllowedNow(t.common.status[d.status])}</p>
      ) : (
        <>
          <p>{r.decision.intro}</p>
          <dl className="facts">
            <dt>{r.aggregate.weightedTotal}</dt>
            <dd>{formatScore(d.summary.weightedTotal, lang)}</dd>
            <dt>{r.aggregate.reviews}</dt>
            <dd>
              {d.summary.reviews}
              {d.summary.needsDiscussion ? ` · ${r.aggregate.needsDiscussion}` : ""}{" "}
              <PageLink to={`/staff/initiatives/${d.code}/aggregate`}>{r.aggregate.title(d.code)}</PageLink>
            </dd>
          </dl>
          <ErrorSummary
            title={r.common.errorsTitle}
            errors={errors}
            fields={["outcome", "membersPresent", "votesFor", "votesAgainst", "votesAbstain", "reason", "commendationLevelId", "documents"]}
          />
          <Form method="post" encType="multipart/form-data" id="decision-form" noValidate>
            <input type="hidden" name="version" value={d.version} />
            <RadioGroup
              name="outcome"
              label={r.decision.outcome}
              errors={errors.outcome}
              options={(["recognised", "not_recognised"] as const).map((o) => ({ value: o, label: r.decision.outcomes[o] }))}
              defaultValue={values.outcome}
            />
            <div className="vote-grid">
              <Field name="membersPresent" label={r.decision.membersPresent} errors={errors.membersPresent}>
                {(aria) => (
                  <input
                    {...aria}
                    type="number"
                    min={1}
                    step={1}
                    inputMode="numeric"
                    value={present}
                    onChange={(e) => setPresent(e.target.value)}
                  />
                )}
              </Field>
              <Field
                name="votesFor"
                label={r.decision.votesFor}
                hint={presentN ? r.decision.needed(presentN, votesNeeded(presentN)) : undefined}
                errors={errors.votesFor}
              >
                {(aria) => <input {...aria} type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesFor ?? ""} />}
              </Field>
              <Field name="votesAgainst" label={r.decision.votesAgainst} errors={errors.votesAgainst}>
                {(aria) => <input {...aria} type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesAgainst ?? ""} />}
              </Field>
              <Field name="votesAbstain" label={r.decision.votesAbstain} errors={errors.votesAbstain}>
                {(aria) => <input {...aria} type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesAbstain ?? ""} />}
              </Field>
            </div>
            <Field name="reason" label={r.decision.reason} hint={r.decision.reasonHint} errors={errors.reason}>
              {(aria) => <textarea {...aria} maxLength={REASON_MAX} minLength={30} defaultValue={values.reason ?? ""} />}
            </Field>
            <Field
              name="commendationLevelId"
              label={r.decision.commendation}
              hint={r.decision.commendationHint}
              errors={errors.commendationLevelId}
            >
              {(aria) => (
                <select {...aria} defaultValue={values.commendationLevelId ?? ""}>
                  <option value="">{r.decision.choose}</option>
                  {d.levels.map((l) => (
                    <option key={l.id} value={l.id}>
                      {lang === "vi" ? l.name_vi : l.name_en}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="documents" label={r.decision.documents} hint={r.decision.documentsHint} errors={errors.documents}>
              {(aria) => <input {...aria} type="file" accept={DECISION_ACCEPT} multiple />}
            </Field>
            <button type="submit" className="primary">
              {r.decision.submit}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

function RecordedDecision({
  decision,
  documents,
}: {
  decision: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["decision"]>;
  documents: ReturnType<typeof useLoaderData<typeof loader>>["documents"];
}) {
  const t = useT();
  const r = t.review;
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h2>{r.decision.recorded}</h2>
      <dl className="facts" data-outcome={decision.outcome}>
        <dt>{r.decision.outcome}</dt>
        <dd>{t.common.status[decision.outcome]}</dd>
        <dt>{r.decision.votes}</dt>
        <dd>{r.decision.votesText(decision.members_present, decision.votes_for, decision.votes_against, decision.votes_abstain)}</dd>
        <dt>{r.decision.reason}</dt>
        <dd>{decision.reason}</dd>
        {decision.commendation_vi ? (
          <>
            <dt>{r.decision.commendation}</dt>
            <dd>{lang === "vi" ? decision.commendation_vi : decision.commendation_en}</dd>
          </>
        ) : null}
        {decision.certificate_number ? (
          <>
            <dt>{r.decision.certificate}</dt>
            <dd data-certificate>{decision.certificate_number}</dd>
          </>
        ) : null}
        <dt>{r.decision.decidedAt}</dt>
        <dd>{formatDateTime(decision.decided_at, lang)}</dd>
        {decision.decided_by_name ? (
          <>
            <dt>{r.decision.decidedBy}</dt>
            <dd>{decision.decided_by_name}</dd>
          </>
        ) : null}
      </dl>
      {documents.length > 0 ? (
        <>
          <h3>{r.decision.files}</h3>
          <ul>
            {documents.map((f) => (
              <li key={f.id}>
                <a href={`/staff/initiatives/${d.code}/files/${f.id}`}>{f.filename}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
