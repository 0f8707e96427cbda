import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import "~/i18n/sections/meetings";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { ActionFeedback } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, RadioGroup, SelectField, TextAreaField } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { titleMeta } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { REASON_MAX, votesNeeded } from "~/models/council/decision-rules";
import { activeCommendationLevels, decisionFormSchema } from "~/models/council/decisions.server";
import { meetingWords } from "~/models/council/meeting-words.server";
import {
  addToAgenda,
  agendaAddSchema,
  attendanceFormSchema,
  closeMeeting,
  councilCandidates,
  getMeeting,
  isMember,
  itemSchema,
  membersPresent,
  readyCases,
  recordMeetingDecision,
  removeFromAgenda,
  setAttendance,
} from "~/models/council/meetings.server";
import { ForbiddenError, isDomainError } from "~/models/errors";
import { formatScore } from "~/models/review/aggregation";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { STATUS_OF } from "~/utils/domain-errors.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.meetings.list.title);

function meetingId(raw: string | undefined): number {
  if (!raw || !/^\d{1,9}$/.test(raw)) throw httpError(404, "not_found");
  return Number(raw);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "queue.view");
  const id = meetingId(params.id);
  const meeting = await getMeeting(context.db, id);
  if (!meeting) throw httpError(404, "not_found");
  const manage = can(user.roles, "meeting.manage");
  // A member present who does not manage meetings (a reviewer on the council) sees when, where and who, and the
  // agenda's codes: not the submissions' titles, scores or reasons, which their role does not otherwise show them.
  if (!manage && !(await isMember(context.db, id, user.id))) throw httpError(403, "forbidden");
  const open = meeting.status === "scheduled";
  return {
    meeting: manage
      ? meeting
      : { ...meeting, note: "", items: meeting.items.map((i) => ({ ...i, title: "", decision: null, summary: null })) },
    manage,
    canRecord: open && meeting.chair_id === user.id && can(user.roles, "decision.record"),
    ready: manage && open ? await readyCases(context.db) : [],
    people: manage && open ? await councilCandidates(context.db) : [],
    levels: manage && open ? await activeCommendationLevels(context.db) : [],
  };
}

type Values = Record<string, string | string[]>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "meeting.manage");
  const id = meetingId(params.id);
  const words = meetingWords(dictionaryFor(langFromRequest(request)));
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const itemId = String(form.get("itemId") ?? "");
  const values: Values = {
    ...Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])),
    members: form.getAll("members").map(String),
  };
  const fail = (errors: FieldErrors, status = 400) => data({ intent, itemId, errors, values }, { status });
  const done = (q: Record<string, string | number>) =>
    redirect(`/staff/meetings/${id}?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);

  try {
    switch (intent) {
      case "attendance": {
        const parsed = parseForm(attendanceFormSchema, form, { messages: words, fields: ["members"] });
        if (!parsed.ok) return fail(parsed.fieldErrors);
        const r = await setAttendance(context.db, { meetingId: id, memberIds: parsed.value.members, actorUserId: user.id });
        return done({ done: "attendance", n: r.present });
      }
      case "agenda_add": {
        const parsed = parseForm(agendaAddSchema, form, { messages: words, fields: ["initiativeId"] });
        if (!parsed.ok) return fail(parsed.fieldErrors);
        const r = await addToAgenda(context.db, { meetingId: id, initiativeId: parsed.value.initiativeId, actorUserId: user.id });
        return done({ done: "agenda_add", code: r.code });
      }
      case "agenda_remove": {
        const parsed = parseForm(itemSchema, form, { messages: words, fields: ["itemId"] });
        if (!parsed.ok) return fail({ form: [words("item_not_found")] }, 404);
        const r = await removeFromAgenda(context.db, { meetingId: id, itemId: parsed.value.itemId, actorUserId: user.id });
        return done({ done: "agenda_remove", code: r.code });
      }
      case "decide": {
        if (!can(user.roles, "decision.record")) throw new ForbiddenError("meeting_not_yours");
        const item = parseForm(itemSchema, form, { fields: ["itemId"] });
        if (!item.ok) return fail({ form: [words("item_not_found")] }, 404);
        // The vote form has no count of members present: the meeting's attendance is it.
        const present = await membersPresent(context.db, id);
        const input = Object.fromEntries(
          ["version", "outcome", "votesFor", "votesAgainst", "votesAbstain", "reason", "commendationLevelId"]
            .filter((k) => form.get(k) !== null)
            .map((k) => [k, String(form.get(k))]),
        );
        const parsed = parseForm(decisionFormSchema, { ...input, membersPresent: String(present) }, { messages: words });
        if (!parsed.ok) return fail(parsed.fieldErrors);
        const f = parsed.value;
        const r = await recordMeetingDecision(context.db, {
          meetingId: id,
          itemId: item.value.itemId,
          actorUserId: user.id,
          expectedVersion: f.version,
          outcome: f.outcome,
          votesFor: f.votesFor,
          votesAgainst: f.votesAgainst,
          votesAbstain: f.votesAbstain,
          reason: f.reason,
          commendationLevelId: f.outcome === "recognised" ? f.commendationLevelId : null,
        });
        return done({ done: r.outcome, code: r.code });
      }
      case "close": {
        await closeMeeting(context.db, { meetingId: id, actorUserId: user.id });
        return done({ done: "close" });
      }
      default:
        return fail({ form: [words("invalid")] });
    }
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const fields = (err as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
    const errors: FieldErrors = {};
    for (const [field, codes] of Object.entries(fields)) if (codes[0]) errors[field] = [words(codes[0])];
    if (!Object.keys(errors).length) errors.form = [words(err.messageKey)];
    return fail(errors, STATUS_OF[err.code] ?? 400);
  }
}

type Done = ReturnType<typeof useT>["meetings"]["done"];

/** The message after a redirect: what was done, to which case; an unknown value says nothing. */
function doneMessage(params: URLSearchParams, d: Done, when: string): string | null {
  const code = params.get("code") ?? "";
  const n = Number(params.get("n"));
  const codeOk = /^[A-Za-z0-9-]{1,40}$/.test(code);
  switch (params.get("done")) {
    case "schedule":
      return d.schedule(when);
    case "attendance":
      return Number.isInteger(n) && n > 0 ? d.attendance(n) : null;
    case "agenda_add":
    case "agenda_remove":
    case "recognised":
    case "not_recognised": {
      const k = params.get("done") as "agenda_add" | "agenda_remove" | "recognised" | "not_recognised";
      return codeOk ? d[k](code) : null;
    }
    case "close":
      return d.close;
    default:
      return null;
  }
}

export default function MeetingPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const m = t.meetings.meeting;
  const lang = useLang();
  const mt = d.meeting;
  const open = mt.status === "scheduled";
  const when = formatDateTime(mt.starts_at, lang);
  const errorsOf = (intent: string, itemId = "") =>
    result && result.intent === intent && (itemId === "" || result.itemId === itemId) ? result.errors : ({} as FieldErrors);
  const valuesOf = (intent: string, itemId = ""): Values =>
    result && result.intent === intent && (itemId === "" || result.itemId === itemId) ? result.values : {};
  const stray = result && !["attendance", "agenda_add", "decide"].includes(result.intent) ? result.errors : {};
  const locked = mt.decidedHere > 0;

  return (
    <section aria-labelledby="meeting-title" className="meeting">
      <p className="no-print">
        <PageLink to="/staff/meetings">{m.back}</PageLink>
      </p>
      <h1 id="meeting-title">{m.title(when)}</h1>
      <ActionFeedback message={result ? null : doneMessage(params, t.meetings.done, when)} />
      <ErrorSummary title={m.errorsTitle} errors={stray} />
      {!d.manage ? <p className="notice">{m.membersOnly}</p> : null}
      <dl className="facts">
        <dt>{m.when}</dt>
        <dd>{when}</dd>
        <dt>{m.place}</dt>
        <dd>{mt.place}</dd>
        <dt>{m.chair}</dt>
        <dd>{mt.chair_name}</dd>
        <dt>{m.status}</dt>
        <dd data-status={mt.status}>{m.statuses[mt.status]}</dd>
        {mt.created_by_name ? (
          <>
            <dt>{m.createdBy}</dt>
            <dd>{mt.created_by_name}</dd>
          </>
        ) : null}
        {mt.note ? (
          <>
            <dt>{m.note}</dt>
            <dd className="pre-wrap">{mt.note}</dd>
          </>
        ) : null}
      </dl>
      {d.manage ? (
        <p className="button-row">
          <PageLink to={`/staff/meetings/${mt.id}/minutes`} className="button secondary">
            {m.minutes}
          </PageLink>
          <a href={`/staff/meetings/${mt.id}/minutes?download=1`} className="button secondary" download>
            {m.download}
          </a>
        </p>
      ) : null}
      {!open ? <p className="notice">{m.closed}</p> : null}

      <h2 id="attendance-title">{m.attendance}</h2>
      <p>{m.presentCount(mt.members.length)}</p>
      <ul className="members">
        {mt.members.map((p) => (
          <li key={p.id}>
            {p.name} <span className="hint">({p.roles.map((r) => t.staff.roles[r]).join(", ")})</span>
          </li>
        ))}
      </ul>
      {d.manage && open && locked ? <p className="hint">{m.attendanceLocked}</p> : null}
      {d.manage && open && !locked ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="attendance" />
          <ErrorSummary title={m.errorsTitle} errors={errorsOf("attendance")} scope="att" labels={{ members: m.attendance }} />
          <RadioGroup
            name="members"
            scope="att"
            multiple
            label={m.attendance}
            hint={m.attendanceHint}
            errors={errorsOf("attendance").members}
            options={d.people.map((p) => ({
              value: String(p.id),
              label: `${p.name} (${p.roles.map((r) => t.staff.roles[r]).join(", ")})`,
            }))}
            defaultValue={(valuesOf("attendance").members as string[] | undefined) ?? mt.members.map((p) => String(p.id))}
          />
          <button type="submit" className="secondary">
            {m.saveAttendance}
          </button>
        </Form>
      ) : null}

      <h2 id="agenda-title">{m.agenda}</h2>
      {mt.items.length === 0 ? <p>{m.agendaEmpty}</p> : null}
      <ol className="agenda">
        {mt.items.map((item, n) => (
          <li key={item.id}>
            <AgendaItem
              item={item}
              n={n + 1}
              open={open}
              errors={errorsOf("decide", String(item.id))}
              values={valuesOf("decide", String(item.id))}
            />
          </li>
        ))}
      </ol>

      {d.manage && open ? (
        <>
          <h2 id="add-title">{m.add}</h2>
          {d.ready.length === 0 ? (
            <p>{m.noReady}</p>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="agenda_add" />
              <ErrorSummary title={m.errorsTitle} errors={errorsOf("agenda_add")} scope="add" labels={{ initiativeId: m.addCase }} />
              <SelectField
                name="initiativeId"
                scope="add"
                label={m.addCase}
                hint={m.addHint}
                required
                errors={errorsOf("agenda_add").initiativeId}
                placeholder={t.meetings.form.choose}
                options={d.ready.map((c) => ({ value: String(c.id), label: `${c.code} — ${c.title}` }))}
                defaultValue={String(valuesOf("agenda_add").initiativeId ?? "")}
              />
              <button type="submit" className="primary">
                {m.add}
              </button>
            </Form>
          )}
          <h2 id="close-title">{m.close}</h2>
          <p className="hint">{m.closeHint}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="secondary">
              {m.close}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["meeting"]["items"][number];

function AgendaItem({ item, n, open, errors, values }: { item: Item; n: number; open: boolean; errors: FieldErrors; values: Values }) {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const m = t.meetings.meeting;
  const r = t.review.decision;
  const lang = useLang();
  const scope = `i${item.id}`;
  const present = d.meeting.members.length;
  const v = (k: string) => String(values[k] ?? "");
  return (
    <article className="card agenda-item" aria-labelledby={`${scope}-title`} data-code={item.code}>
      <h3 id={`${scope}-title`}>
        {d.manage ? <PageLink to={`/staff/initiatives/${item.code}`}>{m.item(n, item.code)}</PageLink> : m.item(n, item.code)}
      </h3>
      {item.title ? <p>{item.title}</p> : null}
      {item.summary ? (
        <dl className="facts">
          <dt>{m.weightedTotal}</dt>
          <dd>{formatScore(item.summary.weightedTotal, lang)}</dd>
          <dt>{m.reviews}</dt>
          <dd>
            {item.summary.reviews}
            {item.summary.needsDiscussion ? ` · ${m.needsDiscussion}` : ""}
          </dd>
          <dt>{m.scores}</dt>
          <dd>
            {m.recommendations(
              item.summary.recommendations.recognise,
              item.summary.recommendations.reject,
              item.summary.recommendations.discuss,
            )}{" "}
            <PageLink to={`/staff/initiatives/${item.code}/aggregate`}>{m.aggregate}</PageLink>
          </dd>
        </dl>
      ) : null}
      {item.decision ? (
        <>
          <h4>{m.decided}</h4>
          {!item.decision.inThisMeeting ? <p className="hint">{m.decidedElsewhere}</p> : null}
          <dl className="facts" data-outcome={item.decision.outcome}>
            <dt>{r.outcome}</dt>
            <dd>{t.common.status[item.decision.outcome]}</dd>
            <dt>{r.votes}</dt>
            <dd>
              {r.votesText(item.decision.membersPresent, item.decision.votesFor, item.decision.votesAgainst, item.decision.votesAbstain)}
            </dd>
            <dt>{r.reason}</dt>
            <dd className="pre-wrap">{item.decision.reason}</dd>
            {item.decision.certificateNumber ? (
              <>
                <dt>{r.certificate}</dt>
                <dd>{item.decision.certificateNumber}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : open && d.manage ? (
        item.status !== "council" ? (
          <p className="notice warn">{m.notReadyNow}</p>
        ) : d.canRecord ? (
          <Form method="post" noValidate className="vote-form">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="version" value={item.version} />
            <h4>{m.vote}</h4>
            <ErrorSummary
              title={m.errorsTitle}
              errors={errors}
              scope={scope}
              fields={["outcome", "votesFor", "votesAgainst", "votesAbstain", "reason", "commendationLevelId"]}
              labels={{
                outcome: r.outcome,
                votesFor: r.votesFor,
                votesAgainst: r.votesAgainst,
                votesAbstain: r.votesAbstain,
                reason: r.reason,
                commendationLevelId: r.commendation,
              }}
            />
            <p>
              {m.present(present)} {present > 0 ? r.needed(present, votesNeeded(present)) : null}
            </p>
            <RadioGroup
              name="outcome"
              scope={scope}
              label={r.outcome}
              required
              errors={errors.outcome}
              options={(["recognised", "not_recognised"] as const).map((o) => ({ value: o, label: r.outcomes[o] }))}
              defaultValue={v("outcome")}
            />
            <div className="vote-grid">
              {(["votesFor", "votesAgainst", "votesAbstain"] as const).map((k) => (
                <Field key={k} name={k} scope={scope} label={r[k]} required errors={errors[k]}>
                  {(aria) => <input {...aria} type="number" min={0} max={present} step={1} inputMode="numeric" defaultValue={v(k)} />}
                </Field>
              ))}
            </div>
            <TextAreaField
              name="reason"
              scope={scope}
              label={r.reason}
              hint={r.reasonHint}
              required
              rows={4}
              maxLength={REASON_MAX}
              errors={errors.reason}
              defaultValue={v("reason")}
            />
            <SelectField
              name="commendationLevelId"
              scope={scope}
              label={r.commendation}
              hint={r.commendationHint}
              errors={errors.commendationLevelId}
              placeholder={r.choose}
              options={d.levels.map((l) => ({ value: String(l.id), label: lang === "vi" ? l.name_vi : l.name_en }))}
              defaultValue={v("commendationLevelId")}
            />
            <button type="submit" className="primary">
              {m.record}
            </button>
          </Form>
        ) : (
          <p className="hint">{m.notYours(d.meeting.chair_name)}</p>
        )
      ) : null}
      {open && d.manage && !item.decision ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="agenda_remove" />
          <input type="hidden" name="itemId" value={item.id} />
          <button type="submit" className="secondary">
            {m.remove}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
