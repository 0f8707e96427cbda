/**
 * The submitter's rating, from the private tracking link (the link is the credential): the private page's form posts
 * here; a refused form is shown again here with its messages, a rating given returns to the private page.
 */
import "~/i18n/sections/timeliness";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RatingForm } from "~/components/tracking/rating";
import { useT } from "~/i18n/use-t";
import { findByCodeAndToken, normaliseCode } from "~/models/initiative/tracking.server";
import { parseRating, ratingView, submitRating } from "~/models/service-targets/ratings.server";
import { isRatable } from "~/models/service-targets/targets";
import { InvalidTransitionError, isDomainError } from "~/models/errors";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Sáng kiến CCHC" }, { name: "robots", content: "noindex, nofollow" }];

// As the tracking page: the address carries the secret.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store, private", "Referrer-Policy": "same-origin" });

async function requireTracked(request: Request, code: string | undefined, db: LoaderFunctionArgs["context"]["db"]) {
  const token = new URL(request.url).searchParams.get("t");
  const found = await findByCodeAndToken(db, normaliseCode(code ?? ""), token);
  if (!found || !token) throw httpError(404, "not_found");
  return { initiative: found, token, self: `/track/${encodeURIComponent(found.code)}?t=${encodeURIComponent(token)}` };
}

/**
 * A GET (a bookmarked address) shows the form alone while a rating may be given, else says why not. It never
 * redirects: Remix runs this loader after the action too, and the refused form must stay on screen.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { initiative, token, self } = await requireTracked(request, params.code, context.db);
  const { canRate } = await ratingView(context.db, initiative.id, initiative.status);
  const formError = canRate ? null : isRatable(initiative.status) ? "rating_exists" : "rating_not_yet";
  return { code: initiative.code, token, self, formError };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { initiative, token, self } = await requireTracked(request, params.code, context.db);
  const form = await request.formData();
  const values = Object.fromEntries(["clarity", "timeliness", "courtesy", "comment"].map((k) => [k, String(form.get(k) ?? "")]));
  const refused = (formError: string | null, errors: Record<string, string>, status: number) =>
    data({ code: initiative.code, token, self, formError, errors, values }, { status });
  if (!isRatable(initiative.status)) return refused("rating_not_yet", {}, 409);
  const parsed = parseRating(form);
  if (!parsed.ok) return refused(null, parsed.errors, 400);
  try {
    await submitRating(context.db, initiative.id, parsed.value);
  } catch (err) {
    // Rated meanwhile (a second tab, a double submit): the same refusal as before a decision, with its own words.
    if (err instanceof InvalidTransitionError || (isDomainError(err) && err.code === "invalid_transition"))
      return refused(isDomainError(err) ? err.messageKey : "rating_exists", {}, 409);
    throw err;
  }
  return redirect(`${self}&rated=1#rating`);
}

export default function RatingPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>() ?? { ...loaded, errors: {}, values: {} };
  const t = useT().timeliness.rating;
  const refused = acted.formError !== null || Object.keys(acted.errors).length > 0;
  return (
    <article aria-labelledby="rating-page-title" className="tracked">
      <p className="hint">{acted.code}</p>
      <h1 id="rating-page-title">{t.title}</h1>
      {refused ? (
        <div className="error-summary" role="alert" data-error={acted.formError ?? "fields"}>
          <h2>{t.errorTitle}</h2>
          {acted.formError ? <p>{(t.errors as Record<string, string>)[acted.formError] ?? acted.formError}</p> : null}
        </div>
      ) : (
        <p>{t.intro}</p>
      )}
      {acted.formError ? null : <RatingForm code={acted.code} token={acted.token} errors={acted.errors} values={acted.values} />}
      <p>
        <Link to={`${acted.self}#rating`}>{t.back}</Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
