import "~/i18n/sections/staff";
import "~/i18n/sections/rights";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroup, TextAreaField } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { isDomainError } from "~/models/errors";
import { answerRequest, answerSchema, listPrivacyRequests } from "~/models/privacy/rights.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = () => [{ title: "Yêu cầu về dữ liệu cá nhân — Sáng kiến CCHC" }];

const PAGE = "/staff/privacy-requests";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "privacy.requests");
  return listPrivacyRequests(context.db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "privacy.requests");
  const t = dictionaryFor(langFromRequest(request)).rights;
  const words = (code: string) => labelOf(t.errors, code) ?? t.errors.bad_intent;
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const parsed = parseForm(answerSchema, form, { messages: words, fields: ["id", "decision", "answer"] });
  const fail = (errors: FieldErrors, status = 400) => data({ id, errors, values: parsed.values }, { status });
  if (!parsed.ok) return fail(parsed.fieldErrors);
  try {
    await answerRequest(context.db, { ...parsed.value, userId: user.id });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return fail({ form: [words(err.messageKey)] }, err.code === "not_found" ? 404 : 409);
  }
  return redirect(`${PAGE}?done=${parsed.value.decision}&id=${parsed.value.id}`);
}

export default function PrivacyRequests() {
  const { open, answered } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lang = useLang();
  const dict = useT();
  const t = dict.rights;
  const s = t.staff;
  // The request just answered is among the latest answered ones: its tracking code names it.
  const done = params.get("done");
  const answeredCode = answered.find((r) => String(r.id) === params.get("id"))?.code;
  const g = dict.staff.glossary;
  const answeredFeedback = !answeredCode
    ? null
    : done === "granted"
      ? g.requestGranted(answeredCode)
      : done === "refused"
        ? g.requestRefused(answeredCode)
        : null;
  return (
    <section aria-labelledby="privacy-requests-title">
      <h1 id="privacy-requests-title">{s.title}</h1>
      <p>{s.intro}</p>
      <ActionFeedback message={answeredFeedback} />
      <h2 id="open-title">{s.open}</h2>
      {open.length === 0 ? <p>{s.none}</p> : null}
      {open.map((r) => {
        const errors: FieldErrors = result && result.id === String(r.id) ? result.errors : {};
        return (
          <article key={r.id} className={`card privacy-request${r.overdue ? " overdue" : ""}`} aria-labelledby={`pr-${r.id}`}>
            <h3 id={`pr-${r.id}`}>
              {t.kinds[r.kind]} — <PageLink to={`/staff/initiatives/${r.code}`}>{r.code}</PageLink>
            </h3>
            <dl className="facts">
              <dt>{s.received}</dt>
              <dd>{formatDateTime(r.created_at, lang)}</dd>
              <dt>{s.due}</dt>
              <dd className={r.overdue ? "overdue" : undefined}>
                {formatDate(r.due_on, lang)}
                {r.overdue ? <strong className="badge overdue"> {s.overdue}</strong> : null}
              </dd>
              <dt>{s.reason}</dt>
              <dd className="pre-wrap" lang="vi">
                {r.reason || s.noReason}
              </dd>
            </dl>
            <ErrorSummary title={s.errorsTitle} errors={errors} labels={{ decision: s.decision, answer: s.answerLabel }} />
            <Form method="post" noValidate>
              <input type="hidden" name="id" value={r.id} />
              <RadioGroup
                name="decision"
                scope={`r${r.id}`}
                label={s.decision}
                required
                errors={errors.decision}
                options={[
                  { value: "granted", label: s.grant },
                  { value: "refused", label: s.refuse },
                ]}
              />
              <TextAreaField
                name="answer"
                scope={`r${r.id}`}
                label={s.answerLabel}
                hint={s.answerHint(r.kind === "erasure")}
                required
                rows={3}
                errors={errors.answer}
              />
              <button type="submit" className="primary">
                {s.submit}
              </button>
            </Form>
          </article>
        );
      })}
      {answered.length > 0 ? (
        <>
          <h2 id="answered-title">{s.answered}</h2>
          <table aria-labelledby="answered-title">
            <thead>
              <tr>
                <th scope="col">{s.code}</th>
                <th scope="col">{s.kind}</th>
                <th scope="col">{s.received}</th>
                <th scope="col">{s.status}</th>
                <th scope="col">{s.answer}</th>
              </tr>
            </thead>
            <tbody>
              {answered.map((r) => (
                <tr key={r.id}>
                  <td>{r.code}</td>
                  <td>{t.kinds[r.kind]}</td>
                  <td>{formatDate(r.created_at, lang)}</td>
                  <td>{t.statuses[r.status]}</td>
                  <td className="pre-wrap">
                    {r.answer}
                    {r.answered_at ? (
                      <span className="hint"> — {s.answeredBy(r.answered_by_name ?? "", formatDate(r.answered_at, lang))}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
