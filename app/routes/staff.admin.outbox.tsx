import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { outboxOverview, resendTo, retryNow } from "~/models/admin/outbox-admin.server";
import { OUTBOX_STATES } from "~/models/admin/outbox-states";
import { InvalidTransitionError } from "~/models/errors";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.outbox);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.outbox");
  return outboxOverview(context.db);
}

const address = z
  .string()
  .transform((v) => v.normalize("NFC").trim())
  .pipe(z.string().min(3).max(254).email());

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.outbox");
  const t = dictionaryFor(langFromRequest(request)).staff.outbox;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const rawId = String(form.get("id") ?? "");
  const typed = String(form.get("address") ?? "");
  const fail = (status: number, error: string, id: number | null) => data({ intent, id, error, address: typed }, { status });
  if (!/^\d{1,12}$/.test(rawId) || (intent !== "retry" && intent !== "resend")) return fail(400, t.badAction, null);
  const id = Number(rawId);
  let copy = 0;
  try {
    if (intent === "retry") {
      await retryNow(context.db, { id, actorUserId: user.id });
    } else {
      const parsed = address.safeParse(typed);
      if (!parsed.success) return fail(400, t.addressInvalid, id);
      copy = await resendTo(context.db, { id, address: parsed.data, actorUserId: user.id });
    }
  } catch (err) {
    if (!(err instanceof InvalidTransitionError)) throw err;
    return fail(409, err.messageKey === "outbox_in_flight" ? t.inFlightError : t.doneError, id);
  }
  return redirect(`/staff/admin/outbox?done=${intent}&id=${id}${copy ? `&copy=${copy}` : ""}`);
}

export default function OutboxAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT().staff.outbox;
  const lang = useLang();
  const done = params.get("done");
  const g = useT().staff.glossary;
  const doneId = Number(params.get("id")) || 0;
  const copyId = Number(params.get("copy")) || 0;

  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t.title}</h1>
      <p>{t.intro}</p>
      <p>{t.counts(d.counts.dead, d.counts.failed, d.counts.pending)}</p>
      <ActionFeedback
        message={
          !doneId ? null : done === "retry" ? g.mailRetried(doneId) : done === "resend" && copyId ? g.mailResent(doneId, copyId) : null
        }
      />
      {result?.error ? (
        <p className="notice" role="alert">
          {result.id !== null ? `#${result.id}: ` : ""}
          {result.error}
        </p>
      ) : null}

      {OUTBOX_STATES.map((state) => {
        const rows = d.rows[state];
        return (
          <section key={state} aria-labelledby={`outbox-${state}`}>
            <h2 id={`outbox-${state}`}>
              {t.states[state]} <small>({d.counts[state]})</small>
            </h2>
            <p className="hint">{t.stateHints[state]}</p>
            {rows.length === 0 ? (
              <p>{t.empty}</p>
            ) : (
              <>
                {rows.length < d.counts[state] ? <p>{t.more(rows.length, d.counts[state])}</p> : null}
                <TableScroll labelledBy={`outbox-${state}`}>
                  <table aria-labelledby={`outbox-${state}`}>
                    <thead>
                      <tr>
                        <th scope="col">{t.id}</th>
                        <th scope="col">{t.to}</th>
                        <th scope="col">{t.subject}</th>
                        <th scope="col">{t.created}</th>
                        <th scope="col">{t.attempts}</th>
                        {state === "dead" ? null : <th scope="col">{t.nextAttempt}</th>}
                        <th scope="col">{t.lastError}</th>
                        {state === "pending" ? null : <th scope="col">{t.actions}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const mine = result && result.id === r.id;
                        return (
                          <tr key={r.id}>
                            <td>
                              {r.id}
                              {r.copy_of ? <small> ({t.copyOf(r.copy_of)})</small> : null}
                            </td>
                            <td>{r.to_address}</td>
                            <td>{r.subject}</td>
                            <td>{formatDateTime(r.created_at, lang)}</td>
                            <td>{r.attempts}</td>
                            {state === "dead" ? null : (
                              <td>
                                {formatDateTime(r.next_attempt_at, lang)}
                                {r.inFlight ? <small> ({t.inFlight})</small> : null}
                              </td>
                            )}
                            <td>
                              {r.last_error_code ? <code>{r.last_error_code}</code> : null} {r.last_error}
                            </td>
                            {state === "pending" ? null : (
                              <td>
                                {r.inFlight ? (
                                  <p>{t.inFlight}</p>
                                ) : (
                                  <>
                                    <Form method="post" className="inline-form">
                                      <input type="hidden" name="id" value={r.id} />
                                      <button
                                        type="submit"
                                        name="intent"
                                        value="retry"
                                        className="secondary"
                                        aria-label={t.retryLabel(r.id)}
                                      >
                                        {t.retry}
                                      </button>
                                    </Form>
                                    <Form method="post" aria-label={t.resendLabel(r.id)} noValidate>
                                      <input type="hidden" name="intent" value="resend" />
                                      <input type="hidden" name="id" value={r.id} />
                                      <Field
                                        name="address"
                                        scope={`outbox-${r.id}`}
                                        label={t.address}
                                        errors={mine && result.intent === "resend" ? [result.error] : undefined}
                                      >
                                        {(aria) => (
                                          <input
                                            {...aria}
                                            type="email"
                                            maxLength={254}
                                            autoComplete="off"
                                            defaultValue={mine && result.intent === "resend" ? result.address : r.to_address}
                                          />
                                        )}
                                      </Field>
                                      <button type="submit" className="secondary">
                                        {t.resend}
                                      </button>
                                    </Form>
                                  </>
                                )}
                              </td>
                            )}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableScroll>
              </>
            )}
          </section>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
