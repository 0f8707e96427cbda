import "~/i18n/sections/staff";
import "~/i18n/sections/redaction";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { errorId, ErrorSummary, Field, fieldId } from "~/components/form-fields";
import type { FieldErrors } from "~/utils/forms";
import { dictionaryFor, langFromRequest, type Dictionary } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import {
  AutoAssignError,
  confirmAssignment,
  DEFAULT_CAP,
  describeChoice,
  proposeAssignment,
  waitingCases,
  type ConfirmCase,
  type Proposal,
  type ProposedCase,
} from "~/models/review/auto-assign.server";
import { findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { getUserById } from "~/models/staff/users.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.autoAssign.title);

/** `?case=CODE` narrows the page to one case (the link from that case's page). */
async function caseFilter(request: Request, db: Parameters<typeof findInitiativeIdByCode>[0]) {
  const code = new URL(request.url).searchParams.get("case");
  if (!code) return null;
  const row = await findInitiativeIdByCode(db, code);
  if (!row) throw httpError(404, "not_found");
  return { id: row.id, code };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "initiative.assign");
  const only = await caseFilter(request, context.db);
  const waiting = await waitingCases(context.db, only?.id);
  const done = Number(new URL(request.url).searchParams.get("done") ?? "");
  return { only, waiting: waiting.length, done: Number.isInteger(done) && done > 0 ? done : null, defaultCap: DEFAULT_CAP };
}

type Errors = FieldErrors;

function parseCap(raw: string): number | null {
  const v = Number(raw.trim().replace(",", "."));
  return raw.trim() !== "" && Number.isFinite(v) && v >= 0.1 && v <= 1 ? v : null;
}

/** The confirmation form: `case` (ids), `version_<id>`, `r_<id>` (ticked reviewers and the replacement picker). */
function parseConfirm(form: FormData): ConfirmCase[] {
  return form
    .getAll("case")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .map((id) => ({
      initiativeId: id,
      version: Number(form.get(`version_${id}`)),
      reviewerIds: [
        ...new Set(
          form
            .getAll(`r_${id}`)
            .map(Number)
            .filter((n) => Number.isInteger(n) && n > 0),
        ),
      ],
    }));
}

async function explain(
  t: Dictionary["staff"]["autoAssign"],
  err: AutoAssignError,
  db: Parameters<typeof getUserById>[0],
  codes: Map<number, string>,
) {
  const who = err.reviewerId ? ((await getUserById(db, err.reviewerId))?.name ?? String(err.reviewerId)) : "";
  const code = err.initiativeId ? (codes.get(err.initiativeId) ?? String(err.initiativeId)) : "";
  switch (err.problem) {
    case "stale_case":
      return t.errors.stale_case(code);
    case "over_load":
      return t.errors.over_load(who, err.detail?.load ?? 0, err.detail?.maxLoad ?? 0);
    case "excluded":
      return t.errors.excluded(who, code, t.excludedReason[err.detail?.reason ?? "conflict"] ?? "");
    case "too_few":
      return t.errors.too_few(code, err.detail?.need ?? 2);
    case "not_reviewer":
      return t.errors.not_reviewer(who);
    default:
      return t.errors.nothing;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.assign");
  const t = dictionaryFor(langFromRequest(request)).staff.autoAssign;
  const only = await caseFilter(request, context.db);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "propose") {
    const randomised = form.get("mode") === "randomised";
    const cap = randomised ? parseCap(String(form.get("cap") ?? "")) : null;
    if (randomised && cap === null) {
      return data(
        { intent, errors: { cap: [t.capInvalid] } as Errors, values: { mode: "randomised", cap: String(form.get("cap") ?? "") } },
        { status: 400 },
      );
    }
    const proposal = await proposeAssignment(context.db, {
      actorUserId: user.id,
      initiativeId: only?.id,
      randomised,
      cap: cap ?? undefined,
    });
    return { intent, proposal };
  }

  if (intent === "confirm") {
    const chosen = parseConfirm(form);
    const mode = form.get("mode") === "randomised" ? ("randomised" as const) : ("deterministic" as const);
    const cap = mode === "randomised" ? parseCap(String(form.get("cap") ?? "")) : null;
    const seed =
      mode === "randomised"
        ? String(form.get("seed") ?? "")
            .replace(/[^0-9a-f]/g, "")
            .slice(0, 64) || null
        : null;
    const auditRaw = Number(form.get("proposalAuditId") ?? "");
    const proposed = form
      .getAll("proposed")
      .map((v) => String(v).split(":").map(Number))
      .filter((p): p is [number, number] => p.length === 2 && p.every((n) => Number.isInteger(n) && n > 0));
    try {
      const { assigned } = await confirmAssignment(context.db, {
        actorUserId: user.id,
        cases: chosen,
        mode,
        cap,
        seed,
        proposalAuditId: Number.isInteger(auditRaw) && auditRaw > 0 ? auditRaw : null,
        proposed,
      });
      const back = only ? `/staff/initiatives/${encodeURIComponent(only.code)}?done=assign` : `/staff/assign?done=${assigned}`;
      return redirect(back);
    } catch (err) {
      if (!(err instanceof AutoAssignError)) throw err;
      const cases = await describeChoice(context.db, chosen);
      const codes = new Map(cases.map((c) => [c.id, c.code]));
      // A case gone from the waiting list is named from the database.
      if (err.initiativeId && !codes.has(err.initiativeId)) {
        const row = await context.db.selectFrom("initiatives").select("code").where("id", "=", err.initiativeId).executeTakeFirst();
        if (row) codes.set(err.initiativeId, row.code);
      }
      const message =
        err.problem === "no_reviewer_copy"
          ? dictionaryFor(langFromRequest(request)).redaction.copy.noCopyFor(codes.get(err.initiativeId ?? 0) ?? "")
          : await explain(t, err, context.db, codes);
      const field =
        err.initiativeId && codes.has(err.initiativeId) && cases.some((c) => c.id === err.initiativeId)
          ? `case-${err.initiativeId}`
          : "proposal";
      const stale = err.problem === "stale_case" || err.problem === "over_load";
      const proposal: Proposal = {
        mode,
        cap,
        seed,
        auditId: Number.isInteger(auditRaw) && auditRaw > 0 ? auditRaw : null,
        cases,
        infeasible: [],
        dueOn: "",
      };
      return data(
        { intent, errors: { [field]: [message] } as Errors, proposal: stale ? null : proposal, proposed },
        { status: stale ? 409 : 400 },
      );
    }
  }
  throw httpError(400, "bad_intent");
}

export default function AutoAssign() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const a = t.staff.autoAssign;
  const errors: Errors = (result && "errors" in result ? result.errors : undefined) ?? {};
  const values = result && "values" in result ? result.values : undefined;
  const proposal = result && "proposal" in result ? result.proposal : null;
  const proposedPairs: [number, number][] =
    result && "proposed" in result
      ? (result.proposed as [number, number][])
      : proposal
        ? proposal.cases.flatMap((c) => c.reviewers.map((r) => [c.id, r.id] as [number, number]))
        : [];
  const self = d.only ? `/staff/assign?case=${encodeURIComponent(d.only.code)}` : "/staff/assign";
  return (
    <section aria-labelledby="auto-title">
      <h1 id="auto-title">{d.only ? `${a.title}: ${d.only.code}` : a.title}</h1>
      {d.only ? (
        <p>
          <PageLink to={`/staff/initiatives/${encodeURIComponent(d.only.code)}`}>← {d.only.code}</PageLink> ·{" "}
          <PageLink to="/staff/assign">{a.allCases}</PageLink>
        </p>
      ) : null}
      {d.done ? (
        <p className="notice ok" role="status">
          {a.done(d.done)}
        </p>
      ) : null}
      <p>{a.intro}</p>
      <p>{d.waiting > 0 ? a.waiting(d.waiting) : a.noneWaiting}</p>
      <ErrorSummary title={t.staff.form.errorsTitle} errors={errors} />

      {d.waiting > 0 ? (
        <Form method="post" action={self} className="action-form" noValidate>
          <input type="hidden" name="intent" value="propose" />
          <fieldset>
            <legend>{a.mode}</legend>
            <label className="checkbox">
              <input type="radio" name="mode" value="deterministic" defaultChecked={values?.mode !== "randomised"} /> {a.deterministic}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="mode"
                value="randomised"
                defaultChecked={values?.mode === "randomised"}
                aria-describedby="mode-hint"
              />{" "}
              {a.randomised}
            </label>
            <p className="hint" id="mode-hint">
              {a.randomisedHint}
            </p>
          </fieldset>
          <Field name="cap" label={a.cap} errors={errors.cap}>
            {(aria) => <input {...aria} type="text" inputMode="decimal" defaultValue={values?.cap ?? String(d.defaultCap)} />}
          </Field>
          <button type="submit" className="secondary">
            {a.propose}
          </button>
        </Form>
      ) : null}

      {proposal ? <ProposalForm proposal={proposal as Proposal} proposed={proposedPairs} errors={errors} action={self} /> : null}
    </section>
  );
}

function ProposalForm({
  proposal,
  proposed,
  errors,
  action,
}: {
  proposal: Proposal;
  proposed: [number, number][];
  errors: Errors;
  action: string;
}) {
  const t = useT();
  const a = t.staff.autoAssign;
  return (
    <section aria-labelledby="proposal-title" id="proposal" tabIndex={-1}>
      <h2 id="proposal-title">{a.proposal}</h2>
      {proposal.mode === "randomised" && proposal.seed ? <p className="hint">{a.seedNote(String(proposal.cap), proposal.seed)}</p> : null}
      {proposal.cases.length > 0 ? (
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="mode" value={proposal.mode} />
          {proposal.cap !== null ? <input type="hidden" name="cap" value={proposal.cap} /> : null}
          {proposal.seed ? <input type="hidden" name="seed" value={proposal.seed} /> : null}
          {proposal.auditId ? <input type="hidden" name="proposalAuditId" value={proposal.auditId} /> : null}
          {proposed.map(([c, r]) => (
            <input key={`${c}:${r}`} type="hidden" name="proposed" value={`${c}:${r}`} />
          ))}
          <p className="hint">{a.proposalHint}</p>
          {proposal.cases.map((c) => (
            <ProposedCaseFields key={c.id} c={c} error={errors[`case-${c.id}`]?.[0]} />
          ))}
          <button type="submit" className="primary">
            {a.confirm}
          </button>
        </Form>
      ) : null}
      {proposal.infeasible.length > 0 ? (
        <>
          <h3>{a.infeasibleTitle}</h3>
          <ul className="infeasible">
            {proposal.infeasible.map((i) => (
              <li key={i.caseId} data-case={i.code}>
                <PageLink to={`/staff/initiatives/${encodeURIComponent(i.code)}`}>{i.code}</PageLink>: {i.title}.{" "}
                {a.infeasible[i.reason](i.need, i.eligible)}{" "}
                {a.excludedCounts(i.excluded.conflict, i.excluded.same_organisation, i.excluded.already_assigned, i.excluded.full)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ProposedCaseFields({ c, error }: { c: ProposedCase; error?: string }) {
  const t = useT();
  const a = t.staff.autoAssign;
  const chosen = new Set(c.reviewers.map((r) => r.id));
  const area = t.common.area[c.area as keyof typeof t.common.area] ?? c.area;
  const domain = c.domain ? (t.common.domain[c.domain as keyof typeof t.common.domain] ?? c.domain) : "—";
  return (
    <fieldset id={fieldId(`case-${c.id}`)} tabIndex={-1} data-case={c.code} aria-describedby={error ? errorId(`case-${c.id}`) : undefined}>
      <legend>
        <PageLink to={`/staff/initiatives/${encodeURIComponent(c.code)}`}>{c.code}</PageLink>: {c.title}
      </legend>
      <input type="hidden" name="case" value={c.id} />
      <input type="hidden" name={`version_${c.id}`} value={c.version} />
      <p className="hint">
        {area} · {domain} · {a.need(c.need)}
      </p>
      {error ? (
        <p className="field-error" id={errorId(`case-${c.id}`)}>
          {error}
        </p>
      ) : null}
      <ul className="proposed-reviewers">
        {c.reviewers.map((r) => (
          <li key={r.id}>
            <label className="checkbox">
              <input type="checkbox" name={`r_${c.id}`} value={r.id} defaultChecked aria-label={a.reviewerFor(r.name, c.code)} /> {r.name}
            </label>{" "}
            <small data-why>
              {a.why(r.areaMatch, r.domainMatch)}; {a.load(r.loadBefore, r.loadAfter, r.maxLoad)}
              {r.probability !== null ? `; ${a.probability(r.probability.toFixed(2))}` : ""}
            </small>
          </li>
        ))}
      </ul>
      <Field name={`r_${c.id}`} label={a.replace(c.code)}>
        {(aria) => (
          <select {...aria} defaultValue="">
            <option value="">{a.none}</option>
            {c.options
              .filter((o) => !chosen.has(o.id))
              .map((o) => (
                <option key={o.id} value={o.id} disabled={o.excluded !== null}>
                  {`${o.name} (${o.load}/${o.maxLoad})${o.excluded ? ` — ${a.excludedReason[o.excluded]}` : ""}`}
                </option>
              ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
