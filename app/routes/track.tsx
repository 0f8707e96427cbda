// No import of the submission form's texts: the action's messages come with the model (server only), so the page's
// script stays light.
import "~/i18n/sections/tracking.page";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FieldTextProvider, TextField } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { normaliseCode, parseTrackForm, requestTrackingLink } from "~/models/initiative/tracking.server";
import { TRACKING_CODE } from "~/models/initiative/initiatives.server";
import { httpError } from "~/utils/http.server";
import { HOUR_MS, releaseRateSlot, takeRateSlot } from "~/utils/rate-limit.server";

/** Look-ups per address and hour: enough for a person who mistypes, too few to probe codes. */
export const TRACK_RATE_LIMIT = 20;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Sáng kiến CCHC` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFromRequest(request);
  const url = new URL(request.url);
  // A link that opened nothing sends the person here with its code, so only their email is left to type.
  const code = normaliseCode(url.searchParams.get("code") ?? "");
  return {
    title: dictionaryFor(lang).tracking.track.title,
    sent: url.searchParams.get("sent") === "1",
    code: TRACKING_CODE.test(code) ? code : "",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const d = dictionaryFor(langFromRequest(request));
  const t = { validation: d.citizen.validation, track: d.tracking.track };
  // Taken atomically before the body is read, so concurrent look-ups cannot all pass; an invalid form gives it back.
  const slot = await takeRateSlot(context.db, `track:${context.clientIp}`, TRACK_RATE_LIMIT, HOUR_MS);
  if (!slot) throw httpError(429, "rate_limited", { message: t.track.rateLimited });
  let parsed: ReturnType<typeof parseTrackForm>;
  try {
    parsed = parseTrackForm(await request.formData(), t);
  } catch (err) {
    await releaseRateSlot(context.db, slot);
    throw err;
  }
  if (!parsed.success) {
    await releaseRateSlot(context.db, slot);
    return data({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  }
  // Whether or not they match, the answer is the same page.
  await requestTrackingLink(context.db, parsed.data);
  return redirect("/track?sent=1");
}

export default function TrackPage() {
  const { sent, code } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const dict = useT();
  const t = dict.tracking.track;
  const errors = acted?.errors ?? {};
  return (
    <section aria-labelledby="track-title">
      <h1 id="track-title">{t.title}</h1>
      {sent ? (
        <p className="notice ok" role="status">
          {t.sent}
        </p>
      ) : null}
      <p className="lead">{t.intro}</p>
      <p className="hint">{t.resendNote}</p>
      <FieldTextProvider value={t.fields}>
        <ErrorSummary title={t.errorSummaryTitle} errors={errors} labels={{ code: t.code.label, email: t.email.label }} />
        <Form method="post" noValidate>
          <TextField
            name="code"
            label={t.code.label}
            hint={t.code.hint}
            errors={errors.code}
            required
            autoComplete="off"
            defaultValue={acted?.values.code ?? (code || undefined)}
          />
          <TextField
            name="email"
            type="email"
            label={t.email.label}
            errors={errors.email}
            required
            autoComplete="email"
            defaultValue={acted?.values.email}
          />
          <button type="submit" className="primary">
            {t.send}
          </button>
        </Form>
      </FieldTextProvider>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT().tracking.track;
  if (isRouteErrorResponse(error) && error.status === 429) {
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{t.title}</h1>
        <p role="alert">{t.rateLimited}</p>
      </section>
    );
  }
  return <GeneralErrorBoundary />;
}
