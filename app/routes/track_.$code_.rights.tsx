import "~/i18n/sections/citizen.page";
import "~/i18n/sections/rights";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FieldTextProvider, RadioGroup, TextAreaField, TextField } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { isConflict, ValidationError } from "~/models/errors";
import { findByCodeAndToken, normaliseCode } from "~/models/initiative/tracking.server";
import {
  CONTACT_FIELDS,
  contactSchema,
  correctContact,
  makeRequest,
  REQUEST_FIELDS,
  requestSchema,
  rightsView,
} from "~/models/privacy/rights.server";
import { PRIVACY_REQUEST_KINDS } from "~/models/privacy/requests";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.code ?? ""} · Sáng kiến CCHC` },
  { name: "robots", content: "noindex, nofollow" },
];

// As the tracking page: the address holds the secret (no cache, the Referer to this site only).
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store, private", "Referrer-Policy": "same-origin" });

async function requireTracked(request: Request, code: string | undefined, db: LoaderFunctionArgs["context"]["db"]) {
  const token = new URL(request.url).searchParams.get("t");
  const found = await findByCodeAndToken(db, normaliseCode(code ?? ""), token);
  if (!found || !token) throw httpError(404, "not_found");
  const q = `?t=${encodeURIComponent(token)}`;
  return {
    initiative: found,
    back: `/track/${encodeURIComponent(found.code)}${q}`,
    self: `/track/${encodeURIComponent(found.code)}/rights${q}`,
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { initiative, back, self } = await requireTracked(request, params.code, context.db);
  const rights = await rightsView(context.db, initiative.id);
  return { code: initiative.code, back, self, rights };
}

type ActionResult = { intent: "contact" | "request"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { initiative, back } = await requireTracked(request, params.code, context.db);
  const t = dictionaryFor(langFromRequest(request)).rights;
  const words = (code: string) => labelOf(t.errors, code) ?? t.errors.bad_intent;
  const form = await request.formData();
  const intent = form.get("intent");
  const fail = (i: "contact" | "request", errors: FieldErrors, values: Record<string, string>, status = 400) =>
    data<ActionResult>({ intent: i, errors, values }, { status });
  if (intent === "contact") {
    const parsed = parseForm(contactSchema, form, { messages: words, fields: CONTACT_FIELDS });
    if (!parsed.ok) return fail("contact", parsed.fieldErrors, parsed.values);
    try {
      const done = await correctContact(context.db, { initiativeId: initiative.id, contact: parsed.value });
      const note = done.emailPending ? "email" : done.changed.length ? "contact" : "nothing";
      return redirect(`${back}&rights=${note}`);
    } catch (err) {
      if (err instanceof ValidationError) return fail("contact", codesToFieldErrors(err.firstFieldErrors(), words), parsed.values);
      if (isConflict(err)) return fail("contact", { form: [words(err.messageKey)] }, parsed.values, 409);
      throw err;
    }
  }
  if (intent === "request") {
    const parsed = parseForm(requestSchema, form, { messages: words, fields: REQUEST_FIELDS });
    if (!parsed.ok) return fail("request", parsed.fieldErrors, parsed.values);
    try {
      await makeRequest(context.db, { initiativeId: initiative.id, kind: parsed.value.kind, reason: parsed.value.reason });
      return redirect(`${back}&rights=request`);
    } catch (err) {
      if (err instanceof ValidationError) return fail("request", codesToFieldErrors(err.firstFieldErrors(), words), parsed.values, 409);
      if (isConflict(err)) return fail("request", { form: [words(err.messageKey)] }, parsed.values, 409);
      throw err;
    }
  }
  throw httpError(400, "unknown_intent");
}

export default function RightsPage() {
  const { code, back, self, rights } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>() as ActionResult | undefined;
  const dict = useT();
  const t = dict.rights;
  const busy = useNavigation().state === "submitting";
  const contactErrors = acted?.intent === "contact" ? acted.errors : {};
  const requestErrors = acted?.intent === "request" ? acted.errors : {};
  const contact = acted?.intent === "contact" ? acted.values : rights.contact;
  return (
    <article aria-labelledby="rights-title" className="tracked rights-page">
      <h1 id="rights-title">{t.page.title(code)}</h1>
      <p>
        <Link to={back}>{t.page.back}</Link>
      </p>
      {rights.anonymised ? (
        <p className="notice" role="note">
          {t.page.anonymised}
        </p>
      ) : (
        <FieldTextProvider value={dict.citizen.fields}>
          <section aria-labelledby="contact-title" className="card">
            <h2 id="contact-title">{t.page.contactTitle}</h2>
            <p>{t.page.contactIntro}</p>
            <ErrorSummary
              title={t.page.errorsTitle}
              errors={contactErrors}
              labels={{ fullName: t.page.fullName, email: t.page.email, phone: t.page.phone, organisation: t.page.organisation }}
            />
            <Form method="post" action={self} noValidate>
              <TextField
                name="fullName"
                label={t.page.fullName}
                required
                autoComplete="name"
                defaultValue={contact.fullName}
                errors={contactErrors.fullName}
              />
              <TextField
                name="email"
                type="email"
                label={t.page.email}
                required
                autoComplete="email"
                defaultValue={contact.email}
                errors={contactErrors.email}
              />
              {rights.pendingEmail ? <p className="hint">{t.track.pendingEmail(rights.pendingEmail)}</p> : null}
              <TextField
                name="phone"
                type="tel"
                label={t.page.phone}
                hint={t.page.phoneHint}
                autoComplete="tel"
                defaultValue={contact.phone}
                errors={contactErrors.phone}
              />
              <TextField
                name="organisation"
                label={t.page.organisation}
                autoComplete="organization"
                defaultValue={contact.organisation}
                errors={contactErrors.organisation}
              />
              <button type="submit" name="intent" value="contact" className="primary" disabled={busy}>
                {t.page.save}
              </button>
            </Form>
          </section>

          <section aria-labelledby="request-title" className="card">
            <h2 id="request-title">{t.page.requestTitle}</h2>
            <p>{t.page.requestIntro}</p>
            <ErrorSummary title={t.page.errorsTitle} errors={requestErrors} labels={{ kind: t.page.kind, reason: t.page.reason }} />
            <Form method="post" action={self} noValidate>
              <RadioGroup
                name="kind"
                label={t.page.kind}
                required
                errors={requestErrors.kind}
                defaultValue={acted?.intent === "request" ? acted.values.kind : undefined}
                options={PRIVACY_REQUEST_KINDS.map((k) => ({
                  value: k,
                  label: (
                    <>
                      <strong>{t.kinds[k]}</strong> — {t.page.kindHints[k]}
                    </>
                  ),
                }))}
              />
              <TextAreaField
                name="reason"
                label={t.page.reason}
                hint={t.page.reasonHint}
                rows={4}
                errors={requestErrors.reason}
                defaultValue={acted?.intent === "request" ? acted.values.reason : ""}
              />
              <button type="submit" name="intent" value="request" className="primary" disabled={busy}>
                {t.page.send}
              </button>
            </Form>
          </section>
        </FieldTextProvider>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
