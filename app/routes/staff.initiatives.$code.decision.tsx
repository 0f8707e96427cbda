import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StaleNotice } from "~/components/stale-notice";
import { ErrorSummary, Field } from "~/components/staff-field";
import { labelOf } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { formatScore } from "~/models/review/aggregation";
import { REASON_MAX, votesNeeded } from "~/models/council/decision-rules";
import {
  activeCommendationLevels,
  decisionDocuments,
  decisionErrors,
  decisionFormSchema,
  getDecision,
  recordDecision,
} from "~/models/council/decisions.server";
import { isConflict, ValidationError } from "~/models/errors";
import { getAggregate } from "~/models/review/reviews.server";
import { currentState, findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { receiveMultipart, storeFiles, type StoredBatch } from "~/utils/uploads.server";

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
    summary: { weightedTotal: agg.aggregate.weightedTotal, reviews: agg.aggregate.reviewCount, needsDiscussion: agg.aggregate.needsDiscussion },
  };
}

type Values = Record<string, string>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "decision.record");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");

  const received = await receiveMultipart(request, { fileFields: ["documents"] });
  let batch: StoredBatch | undefined;
  try {
    const values: Values = {};
    for (const [k, v] of received.form.entries()) if (typeof v === "string") values[k] = v;
    const errors: Record<string, string> = {};
    let status = 400;
    for (const p of received.problems) {
      if (p.kind === "too_large") {
        errors.documents = "file_size";
        status = 413;
      } else if (p.kind === "too_many") errors.documents ??= "file_count";
      else errors.documents ??= "file_type";
    }
    // The decision is a signed document: PDF only, recognised by its bytes.
    if (received.files.some((f) => f.mime !== "application/pdf")) errors.documents ??= "file_type";
    const parsed = decisionFormSchema.safeParse(values);
    if (!parsed.success) Object.assign(errors, { ...decisionErrors(parsed.error), ...errors });
    if (!parsed.success || Object.keys(errors).length > 0) {
      return data({ errors, values, stale: null }, { status: parsed.success ? status : errors.documents === "file_size" ? 413 : 400 });
    }

    batch = await storeFiles(context.db, received.files);
    const f = parsed.data;
    try {
      await recordDecision(context.db, {
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
        documents: batch.stored,
      });
    } catch (err) {
      await batch.undo(context.db);
      if (isConflict(err)) return data({ errors: {}, values, stale: await currentState(context.db, row.id) }, { status: 409 });
      if (!(err instanceof ValidationError)) throw err;
      return data({ errors: { form: err.messageKey }, values, stale: null }, { status: 400 });
    }
    return redirect(`/staff/initiatives/${encodeURIComponent(params.code!)}/decision?done=1`);
  } finally {
    await received.discard();
  }
}

export default function DecisionPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const lang = useLang();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Values = result?.values ?? {};
  const msg = (code: string | undefined) => (code ? labelOf(r.errors, code) ?? t.common.errors.badRequest : undefined);
  const [present, setPresent] = useState(values.membersPresent ?? "");
  const presentN = /^\d+$/.test(present) ? Number(present) : null;

  return (
    <section aria-labelledby="decision-title">
      <h1 id="decision-title">{r.decision.title(d.code)}</h1>
      <p className="lead">{d.title}</p>
      {params.get("done") ? (
        <p className="notice ok" role="status">
          {r.decision.done}
        </p>
      ) : null}
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
              <Link to={`/staff/initiatives/${d.code}/aggregate`}>{r.aggregate.title(d.code)}</Link>
            </dd>
          </dl>
          <ErrorSummary
            title={r.common.errorsTitle}
            errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? "decision-form" : k, msg(v)]))}
          />
          <Form method="post" encType="multipart/form-data" id="decision-form" noValidate>
            <input type="hidden" name="version" value={d.version} />
            <fieldset id="outcome" aria-invalid={errors.outcome ? true : undefined} aria-describedby={errors.outcome ? "outcome-error" : undefined}>
              <legend>{r.decision.outcome}</legend>
              {errors.outcome ? (
                <p className="field-error" id="outcome-error">
                  {msg(errors.outcome)}
                </p>
              ) : null}
              {(["recognised", "not_recognised"] as const).map((o) => (
                <label key={o} className="radio">
                  <input type="radio" name="outcome" value={o} defaultChecked={values.outcome === o} />
                  {r.decision.outcomes[o]}
                </label>
              ))}
            </fieldset>
            <div className="vote-grid">
              <Field id="membersPresent" label={r.decision.membersPresent} error={msg(errors.membersPresent)}>
                {(aria) => (
                  <input {...aria} name="membersPresent" type="number" min={1} step={1} inputMode="numeric" value={present} onChange={(e) => setPresent(e.target.value)} />
                )}
              </Field>
              <Field
                id="votesFor"
                label={r.decision.votesFor}
                hint={presentN ? r.decision.needed(presentN, votesNeeded(presentN)) : undefined}
                error={msg(errors.votesFor)}
              >
                {(aria) => <input {...aria} name="votesFor" type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesFor ?? ""} />}
              </Field>
              <Field id="votesAgainst" label={r.decision.votesAgainst} error={msg(errors.votesAgainst)}>
                {(aria) => <input {...aria} name="votesAgainst" type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesAgainst ?? ""} />}
              </Field>
              <Field id="votesAbstain" label={r.decision.votesAbstain} error={msg(errors.votesAbstain)}>
                {(aria) => <input {...aria} name="votesAbstain" type="number" min={0} step={1} inputMode="numeric" defaultValue={values.votesAbstain ?? ""} />}
              </Field>
            </div>
            <Field id="reason" label={r.decision.reason} hint={r.decision.reasonHint} error={msg(errors.reason)}>
              {(aria) => <textarea {...aria} name="reason" maxLength={REASON_MAX} minLength={30} defaultValue={values.reason ?? ""} />}
            </Field>
            <Field id="commendationLevelId" label={r.decision.commendation} hint={r.decision.commendationHint} error={msg(errors.commendationLevelId)}>
              {(aria) => (
                <select {...aria} name="commendationLevelId" defaultValue={values.commendationLevelId ?? ""}>
                  <option value="">{r.decision.choose}</option>
                  {d.levels.map((l) => (
                    <option key={l.id} value={l.id}>
                      {lang === "vi" ? l.name_vi : l.name_en}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="documents" label={r.decision.documents} hint={r.decision.documentsHint} error={msg(errors.documents)}>
              {(aria) => <input {...aria} name="documents" type="file" accept=".pdf,application/pdf" multiple />}
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
