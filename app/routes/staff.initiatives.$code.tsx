import "~/i18n/sections/staff";
import "~/i18n/sections/redaction";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useOutlet, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { z } from "zod";
import { ActionFeedback, feedbackFor } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StaleNotice } from "~/components/stale-notice";
import { ReviewerCopyPanel } from "~/components/reviewer-copy";
import { AdoptionsLink } from "~/components/adoptions-link";
import { isPageView, recordAccess } from "~/models/access-log/access-log.server";
import { reviewerCopyState } from "~/models/screening/reviewer-copy.server";
import { errorId, ErrorMessage, ErrorSummary, Field, fieldId, hintId } from "~/components/form-fields";
import { dictionaryFor, langFromRequest, type Dictionary } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { isConflict } from "~/models/errors";
import { isOpen } from "~/models/initiative/lifecycle";
import { availableIntents, isIntent, PERMISSION_OF, subPagesFor, type Intent } from "~/models/screening/actions";
import {
  addReviewers,
  addStaffNote,
  assignReviewers,
  AssignmentError,
  defaultReviewDueOn,
  rejectInitiative,
  requestInformation,
  sendToCouncil,
  startScreening,
} from "~/models/screening/screening.server";
import { MESSAGE_MAX } from "~/models/screening/limits";
import { currentState, findInitiativeIdByCode, getStaffInitiative, reviewerOptions } from "~/models/screening/staff-initiative.server";
import { getUserById } from "~/models/staff/users.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";
import { cleanText } from "~/utils/text";
import { TableScroll } from "~/components/table-scroll";
import { DuplicatesSummary } from "~/components/duplicates-summary";
import { linksOf } from "~/models/duplicates/links.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.initiative.code ?? ""} — Sáng kiến CCHC` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.view");
  const found = await getStaffInitiative(context.db, params.code ?? "");
  if (!found) throw httpError(404, "not_found");
  // The page shows who submitted it: the access log records the view (one insert), not the reload after an action here.
  if (isPageView(request))
    await recordAccess(context.db, { user, action: "identity", initiative: { id: found.initiative.id, code: found.initiative.code } });
  const status = found.initiative.status;
  const intents = availableIntents(status, user.roles);
  const reviewers =
    intents.includes("assign") || intents.includes("add_reviewer") ? await reviewerOptions(context.db, found.initiative.id) : [];
  return {
    ...found,
    intents,
    reviewers,
    canNote: can(user.roles, "initiative.note"),
    canDownload: can(user.roles, "initiative.files"),
    subPages: subPagesFor(status, user.roles),
    defaultDue: await defaultReviewDueOn(context.db),
    today: hanoiDate(),
    reviewerCopy: await reviewerCopyState(context.db, found.initiative.id),
    canCopy: can(user.roles, "initiative.reviewer_copy"),
    duplicateLinks: await linksOf(context.db, found.initiative.id),
  };
}

type Errors = FieldErrors;

const messageField = (t: Dictionary["staff"]["screening"]) =>
  z
    .string({ required_error: t.messageRequired })
    .transform((v) => cleanText(v).trim())
    .pipe(z.string().min(1, t.messageRequired).max(MESSAGE_MAX, t.messageTooLong));

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!isIntent(intent)) {
    // Still check access first: an anonymous or unauthorised post learns nothing.
    await requirePermission(request, context, "initiative.view");
    throw httpError(400, "bad_intent");
  }
  const user = await requirePermission(request, context, PERMISSION_OF[intent]);
  const t = dictionaryFor(langFromRequest(request)).staff;
  const code = params.code ?? "";
  const row = await findInitiativeIdByCode(context.db, code);
  if (!row) throw httpError(404, "not_found");
  const rawVersion = String(form.get("version") ?? "");
  if (intent !== "note" && !/^\d{1,9}$/.test(rawVersion)) throw httpError(400, "missing_version");
  const version = Number(rawVersion);
  const base = { initiativeId: row.id, userId: user.id, expectedVersion: version };
  const done = (more = "") => redirect(`/staff/initiatives/${encodeURIComponent(code)}?done=${intent}${more}`);

  try {
    switch (intent as Intent) {
      case "note": {
        const note = parseForm(z.object({ body: messageField(t.screening) }), form, { fields: ["body"] });
        if (!note.ok) return data({ intent, errors: { body: [t.initiative.noteRequired] } as Errors }, { status: 400 });
        await addStaffNote(context.db, { initiativeId: row.id, userId: user.id, body: note.value.body });
        return done();
      }
      case "screen":
        await startScreening(context.db, base);
        return done();
      case "council":
        await sendToCouncil(context.db, base);
        return done();
      case "needs_info": {
        const m = parseForm(z.object({ message: messageField(t.screening) }), form, { fields: ["message"] });
        if (!m.ok) return data({ intent, errors: m.fieldErrors }, { status: 400 });
        await requestInformation(context.db, { ...base, message: m.value.message });
        return done();
      }
      case "reject": {
        const m = parseForm(z.object({ reason: messageField(t.screening) }), form, { fields: ["reason"] });
        if (!m.ok) return data({ intent, errors: m.fieldErrors }, { status: 400 });
        await rejectInitiative(context.db, { ...base, reason: m.value.reason });
        return done();
      }
      case "assign":
      case "add_reviewer": {
        const ids = form
          .getAll("reviewer")
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0);
        const defaultDue = await defaultReviewDueOn(context.db);
        const choices = ids.map((id) => ({ reviewerId: id, dueOn: String(form.get(`due_${id}`) ?? "") || defaultDue }));
        try {
          if (intent === "assign") await assignReviewers(context.db, { ...base, reviewers: choices });
          else await addReviewers(context.db, { ...base, reviewers: choices });
        } catch (err) {
          if (!(err instanceof AssignmentError)) throw err;
          if (err.problem === "no_reviewer_copy") {
            const noCopy = dictionaryFor(langFromRequest(request)).redaction.copy.noCopy;
            return data({ intent, errors: { reviewers: [noCopy] } as Errors, chosen: ids }, { status: 400 });
          }
          const names = new Map((await reviewerOptions(context.db, row.id)).map((r) => [r.id, r.name]));
          // Someone left out of the picker (e.g. who can see identities) is named from their account.
          const who = err.reviewerId
            ? (names.get(err.reviewerId) ?? (await getUserById(context.db, err.reviewerId))?.name ?? String(err.reviewerId))
            : "";
          const message =
            err.problem === "at_least_two"
              ? t.screening.atLeastTwo
              : err.problem === "sees_identities"
                ? t.screening.seesIdentities(who)
                : err.problem === "conflict"
                  ? t.screening.conflictReviewer(who)
                  : err.problem === "bad_due"
                    ? t.screening.badDue
                    : err.problem === "already_assigned"
                      ? t.screening.alreadyAssigned(who)
                      : ids.length === 0
                        ? t.screening.chooseReviewer
                        : t.screening.badReviewer;
          const field = err.problem === "bad_due" && err.reviewerId ? `due_${err.reviewerId}` : "reviewers";
          return data({ intent, errors: { [field]: [message] } as Errors, chosen: ids }, { status: 400 });
        }
        // The feedback names how many and by when (the earliest due date), as the glossary says it.
        const due = choices.map((c) => c.dueOn).sort()[0];
        return done(`&n=${new Set(ids).size}&due=${due}`);
      }
    }
  } catch (err) {
    // A stale page or a move that no longer fits: say what changed instead of a bare error.
    if (isConflict(err)) {
      return data({ intent, stale: await currentState(context.db, row.id) }, { status: 409 });
    }
    throw err;
  }
  throw httpError(400, "bad_intent");
}

export default function StaffInitiative() {
  const outlet = useOutlet();
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const s = t.staff;
  const i = d.initiative;
  if (outlet) {
    // A sub-page (scores, decision, publication…) gets the page to itself under a way back.
    return (
      <>
        <p className="no-print">
          <PageLink to={`/staff/initiatives/${i.code}`}>← {s.initiative.title(i.code)}</PageLink>
        </p>
        {outlet}
      </>
    );
  }
  return <InitiativePage />;
}

function InitiativePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const s = t.staff;
  const i = d.initiative;
  const status = i.status;
  const overdue = isOpen(status) && i.due_on < d.today;
  const errors: Errors = (result && "errors" in result ? result.errors : undefined) ?? {};
  const stale = result && "stale" in result ? result.stale : null;
  const messages = d.events.filter((e) => e.visibility !== "staff" && (e.message || e.kind === "reply"));

  return (
    <article aria-labelledby="initiative-title">
      <h1 id="initiative-title">
        {s.initiative.title(i.code)}: {i.title}
      </h1>

      {stale ? <StaleNotice stale={stale} /> : null}
      <ActionFeedback message={result ? null : feedbackFor(params, s.glossary, (day) => formatDate(day, lang))} />

      <dl className="facts">
        <dt>{s.initiative.status}</dt>
        <dd>
          <span className="badge" data-status={status}>
            {t.common.status[status]}
          </span>
        </dd>
        <dt>{s.initiative.area}</dt>
        <dd>{t.common.area[i.reform_area]}</dd>
        <dt>{s.initiative.domain}</dt>
        <dd>{i.procedure_domain ? t.common.domain[i.procedure_domain] : "—"}</dd>
        <dt>{s.initiative.scope}</dt>
        <dd>
          {t.common.scope[i.scope_type]}
          {i.unit_name ? `: ${i.unit_name}` : i.agency_name ? `: ${i.agency_name}` : ""}
        </dd>
        <dt>{s.initiative.submitted}</dt>
        <dd>{formatDateTime(i.submitted_at, lang)}</dd>
        <dt>{s.initiative.due}</dt>
        <dd className={overdue ? "overdue" : undefined}>
          {formatDate(i.due_on, lang)}
          {overdue ? ` (${s.initiative.overdue})` : ""}
        </dd>
        <dt>{s.initiative.appliedBefore}</dt>
        <dd>{i.applied_before ? `${t.common.yes}${i.applied_at ? ` — ${formatDate(i.applied_at, lang)}` : ""}` : t.common.no}</dd>
        <dt>{s.initiative.consentPublish}</dt>
        <dd>{i.consent_publish_name ? t.common.yes : t.common.no}</dd>
        <dt>{s.initiative.lang}</dt>
        <dd>{i.lang === "en" ? t.common.language.en : t.common.language.vi}</dd>
      </dl>

      <h2>{s.initiative.problem}</h2>
      <p className="pre-wrap">{i.problem}</p>
      <h2>{s.initiative.solution}</h2>
      <p className="pre-wrap">{i.solution}</p>
      <h2>{s.initiative.benefit}</h2>
      <p className="pre-wrap">{i.benefit}</p>
      {i.confidential ? (
        <>
          <h2>{s.initiative.confidential}</h2>
          <p className="pre-wrap confidential">{i.confidential}</p>
        </>
      ) : null}

      <h2>{s.initiative.authors}</h2>
      <p>
        {s.initiative.authorType}: {t.common.authorType[i.author_type]}
      </p>
      <TableScroll label={s.initiative.authors}>
        <table>
          <thead>
            <tr>
              <th scope="col">{s.initiative.fullName}</th>
              <th scope="col">{s.initiative.email}</th>
              <th scope="col">{s.initiative.phone}</th>
              <th scope="col">{s.initiative.organisation}</th>
              <th scope="col">{s.initiative.share}</th>
            </tr>
          </thead>
          <tbody>
            {d.authors.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.full_name}
                  {a.position === 0 ? ` (${s.initiative.submitterMark})` : ""}
                </td>
                <td>{a.email ?? "—"}</td>
                <td>{a.phone ?? "—"}</td>
                <td>{a.organisation ?? "—"}</td>
                <td>{a.share}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>{s.initiative.files}</h2>
      {d.attachments.length === 0 ? (
        <p>{s.initiative.noFiles}</p>
      ) : (
        <ul>
          {d.attachments.map((f) => (
            <li key={f.id}>
              {d.canDownload ? (
                <a href={`/staff/initiatives/${i.code}/files/${f.id}`} aria-label={s.files.download(f.filename)}>
                  {f.filename}
                </a>
              ) : (
                f.filename
              )}{" "}
              ({Math.max(1, Math.round(f.size / 1024))} KB, {s.initiative.purpose[f.purpose] ?? f.purpose})
            </li>
          ))}
        </ul>
      )}

      <h2>{s.initiative.assignments}</h2>
      {d.assignments.length === 0 ? (
        <p>{s.initiative.noAssignments}</p>
      ) : (
        <ul>
          {d.assignments.map((a) => (
            <li key={a.id}>
              {a.reviewer_name} — {s.screening.due}: {formatDate(a.due_on, lang)} ({s.initiative.assignmentStatus[a.status] ?? a.status})
            </li>
          ))}
        </ul>
      )}
      {d.conflicts.length ? (
        <>
          <h3>{s.initiative.conflicts}</h3>
          <ul>
            {d.conflicts.map((c) => (
              <li key={c.id}>
                {c.reviewer_name} — {formatDate(c.declared_at, lang)}
                {c.note ? `: ${c.note}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <ReviewerCopyPanel code={i.code} state={d.reviewerCopy} canEdit={d.canCopy} />
      <DuplicatesSummary code={i.code} links={d.duplicateLinks} />
      <AdoptionsLink code={i.code} status={i.status} />

      <section aria-labelledby="actions-title" className="no-print staff-actions">
        <h2 id="actions-title">{s.initiative.actions}</h2>
        {d.subPages.length > 0 ? (
          <ul className="sub-pages">
            {d.subPages.map((page) => (
              <li key={page}>
                <PageLink className={page === "aggregate" ? "button secondary" : "button"} to={`/staff/initiatives/${i.code}/${page}`}>
                  {s.initiative.subPage[page]}
                </PageLink>
              </li>
            ))}
          </ul>
        ) : null}
        {d.intents.length === 0 && d.subPages.length === 0 ? <p>{s.initiative.noActions}</p> : null}
        <ErrorSummary
          title={s.form.errorsTitle}
          errors={errors}
          fields={["message", "reason", "reviewers", ...d.reviewers.map((r) => `due_${r.id}`), "body"]}
        />
        {d.intents.map((intent) => (
          <ActionForm key={intent} intent={intent} errors={result && "errors" in result && result.intent === intent ? errors : {}} />
        ))}
      </section>

      <h2>{s.initiative.messages}</h2>
      {messages.length === 0 ? (
        <p>{s.initiative.noMessages}</p>
      ) : (
        <ul className="timeline">
          {messages.map((e) => (
            <li key={e.id}>
              <strong>{e.actor_type === "submitter" ? s.initiative.fromSubmitter : s.initiative.fromStaff}</strong> ·{" "}
              {formatDateTime(e.at, lang)}
              <p className="pre-wrap">{e.message}</p>
            </li>
          ))}
        </ul>
      )}

      <h2>{s.initiative.history}</h2>
      <ol className="timeline history">
        {d.events.map((e) => (
          <li key={e.id}>
            <strong>{s.initiative.eventKind[e.kind] ?? e.kind}</strong>
            {e.from_status && e.to_status ? (
              <>
                {": "}
                {t.common.status[e.from_status]} {s.initiative.arrow} {t.common.status[e.to_status]}
              </>
            ) : null}
            <br />
            <small>
              {formatDateTime(e.at, lang)} ·{" "}
              {e.actor_name ?? (e.actor_type === "submitter" ? s.initiative.fromSubmitter : s.initiative.system)} ·{" "}
              {s.initiative.visibility[e.visibility] ?? e.visibility}
            </small>
            {e.message ? <p className="pre-wrap">{e.message}</p> : null}
          </li>
        ))}
      </ol>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">{s.initiative.notes}</h2>
        <p className="hint">{s.initiative.notesHint}</p>
        {d.notes.length === 0 ? (
          <p>{s.initiative.noNotes}</p>
        ) : (
          <ul className="timeline">
            {d.notes.map((n) => (
              <li key={n.id}>
                <strong>{n.author_name}</strong> · {formatDateTime(n.created_at, lang)}
                <p className="pre-wrap">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
        {d.canNote ? (
          <Form method="post" className="no-print">
            <input type="hidden" name="intent" value="note" />
            <Field
              name="body"
              label={s.initiative.note}
              errors={result && "errors" in result && result.intent === "note" ? errors.body : undefined}
            >
              {(a) => <textarea {...a} required maxLength={MESSAGE_MAX} />}
            </Field>
            <button type="submit" className="secondary">
              {s.initiative.addNote}
            </button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}

function ActionForm({ intent, errors }: { intent: Intent; errors: Errors }) {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const s = useT().staff;
  const lang = useLang();
  const status = d.initiative.status;
  const hidden = (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={d.initiative.version} />
    </>
  );
  switch (intent) {
    case "screen":
      return (
        <Form method="post" className="action-form">
          {hidden}
          <button type="submit" className="primary">
            {status === "needs_info" ? s.screening.resume : s.screening.start}
          </button>
        </Form>
      );
    case "council":
      return (
        <Form method="post" className="action-form">
          {hidden}
          <button type="submit" className="secondary">
            {s.screening.toCouncil}
          </button>
        </Form>
      );
    case "needs_info":
      return (
        <Form method="post" className="action-form">
          <h3>{s.screening.askInfo}</h3>
          {hidden}
          <Field name="message" label={s.screening.askInfoMessage} hint={s.screening.askInfoHint} errors={errors.message}>
            {(a) => <textarea {...a} required maxLength={MESSAGE_MAX} />}
          </Field>
          <button type="submit" className="secondary">
            {s.screening.askInfoSubmit}
          </button>
        </Form>
      );
    case "reject":
      return (
        <Form method="post" className="action-form">
          <h3>{s.screening.reject}</h3>
          {hidden}
          <Field name="reason" label={s.screening.rejectReason} hint={s.screening.rejectHint} errors={errors.reason}>
            {(a) => <textarea {...a} required maxLength={MESSAGE_MAX} />}
          </Field>
          <button type="submit" className="danger">
            {s.screening.rejectSubmit}
          </button>
        </Form>
      );
    case "assign":
    case "add_reviewer": {
      const chosen = new Set(result && "chosen" in result ? (result.chosen as number[]) : []);
      // Adding a reviewer to a review under way is not starting one: say so on the form.
      const adding = intent === "add_reviewer";
      return (
        <Form method="post" className="action-form">
          <h3>{adding ? s.screening.addReviewer : s.screening.assign}</h3>
          <p>
            <PageLink to={`/staff/assign?case=${encodeURIComponent(d.initiative.code)}`}>{s.autoAssign.link}</PageLink>
          </p>
          {hidden}
          <fieldset
            aria-describedby={`${hintId("reviewers")}${errors.reviewers ? ` ${errorId("reviewers")}` : ""}`}
            aria-invalid={errors.reviewers ? true : undefined}
            id={fieldId("reviewers")}
            tabIndex={-1}
          >
            <legend>{s.screening.reviewers}</legend>
            <p className="hint" id={hintId("reviewers")}>
              {adding ? s.screening.addReviewerHint : s.screening.assignHint}
            </p>
            <ErrorMessage name="reviewers" errors={errors.reviewers} />
            {d.reviewers.map((r) => {
              const blocked = r.conflict || r.assigned;
              return (
                <div key={r.id} className="reviewer-choice">
                  <label className="checkbox">
                    <input type="checkbox" name="reviewer" value={r.id} disabled={blocked} defaultChecked={chosen.has(r.id)} /> {r.name}
                    {r.conflict ? ` — ${s.screening.conflicted}` : ""}
                    {r.assigned ? ` — ${s.initiative.assignmentStatus.assigned}` : ""}
                  </label>
                  {!blocked ? (
                    <Field name={`due_${r.id}`} label={s.screening.dueFor(r.name)} errors={errors[`due_${r.id}`]}>
                      {(a) => <input {...a} type="date" defaultValue={d.defaultDue} min={d.today} />}
                    </Field>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
          <button type="submit" className="primary">
            {adding ? s.screening.addReviewerSubmit : s.screening.assignSubmit}
          </button>
          <span className="visually-hidden">{formatDate(d.defaultDue, lang)}</span>
        </Form>
      );
    }
    default:
      return null;
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
