import "~/i18n/sections/citizen.page";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
// data and redirect from @remix-run/react (the same functions): a value import of @remix-run/node leaves a stub module in
// the page's script, which has a budget (tests/integration/public.test.ts).
import { data, isRouteErrorResponse, redirect, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmissionForm } from "~/components/submission-form";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { CampaignBanner } from "~/components/submit-campaign";
import {
  emptyFormState,
  findSimilarPublished,
  listScopeOptions,
  postedCampaign,
  receiveSubmission,
  RECEIPT_PATH,
  submissionCookies,
  submitCampaign,
} from "~/utils/submission-http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Sáng kiến CCHC` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const lang = langFromRequest(request);
  const options = await listScopeOptions(context.db);
  const campaign = await submitCampaign(context.db, new URL(request.url).searchParams.get("campaign"));
  return {
    campaign,
    title: dictionaryFor(lang).citizen.submit.title,
    // A fresh idempotency key per page view: posting this form twice finds the same initiative.
    state: { ...emptyFormState(), campaign: campaign?.open ? campaign.slug : "" },
    agencies: options.agencies,
    units: options.units.map((u) => ({ name: u.name })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = langFromRequest(request);
  const outcome = await receiveSubmission(context.db, request, { lang, ip: context.clientIp });
  if (outcome.kind === "created" || outcome.kind === "duplicate") {
    return redirect(RECEIPT_PATH, { headers: submissionCookies(request, outcome) });
  }
  // A posted campaign that does not exist is reported on the form (400), not as a missing page.
  const campaign = await postedCampaign(context.db, outcome.state.campaign);
  if (outcome.kind === "check-similar") {
    // Without JavaScript: the same form, filled, with the published initiatives like it (never an unpublished one).
    // The list shows at the place of the button pressed: after the title, or after the problem (?similar=problem).
    const { title, problem } = outcome.state.values;
    const at = new URL(request.url).searchParams.get("similar") === "problem" ? ("problem" as const) : ("title" as const);
    return data({ state: outcome.state, campaign, similar: { at, items: await findSimilarPublished(context.db, { title, problem }) } });
  }
  return data({ state: outcome.state, campaign, similar: null }, { status: outcome.kind === "invalid" ? outcome.status : 200 });
}

export default function SubmitPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const lang = useLang();
  const t = useT().citizen.submit;
  const state = acted?.state ?? loaded.state;
  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <CampaignBanner campaign={acted?.campaign ?? loaded.campaign} />
      <SubmissionForm
        key={state.submitKey + state.coAuthorRows}
        lang={lang}
        state={state}
        agencies={loaded.agencies}
        units={loaded.units}
        similar={acted?.similar ?? null}
      />
    </section>
  );
}

/** The limits that stop a request before the form can be shown again (429, a body over 52 MB). */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT().citizen.submit;
  if (isRouteErrorResponse(error) && (error.status === 429 || error.status === 413)) {
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{t.title}</h1>
        <p role="alert">{error.status === 429 ? t.rateLimited : t.requestTooLarge}</p>
      </section>
    );
  }
  return <GeneralErrorBoundary />;
}
