/**
 * Withdrawing a consent to publishing a name, from the private tracking link (the link is the credential):
 * GET shows what it means and asks to confirm, POST withdraws at once and returns to the tracking page.
 */
import "~/i18n/sections/consent";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/use-t";
import { consentView, withdrawNameConsent } from "~/models/consent/consents.server";
import { findByCodeAndToken, normaliseCode } from "~/models/initiative/tracking.server";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.code ?? ""} · Sáng kiến CCHC` },
  { name: "robots", content: "noindex, nofollow" },
];

// As the tracking page: the address carries the secret.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store, private", "Referrer-Policy": "same-origin" });

async function requireTracked(request: Request, code: string | undefined, db: LoaderFunctionArgs["context"]["db"]) {
  const token = new URL(request.url).searchParams.get("t");
  const found = await findByCodeAndToken(db, normaliseCode(code ?? ""), token);
  if (!found || !token) throw httpError(404, "not_found");
  return { initiative: found, self: `/track/${encodeURIComponent(found.code)}?t=${encodeURIComponent(token)}` };
}

function parsePosition(value: FormDataEntryValue | string | null): number {
  if (typeof value !== "string" || !/^\d{1,2}$/.test(value)) throw httpError(400, "bad_request");
  return Number(value);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { initiative, self } = await requireTracked(request, params.code, context.db);
  const position = parsePosition(new URL(request.url).searchParams.get("person"));
  const person = (await consentView(context.db, initiative.id)).find((c) => c.purpose === "publish_name" && c.position === position);
  if (!person) throw httpError(404, "not_found");
  // Already withdrawn (a second tab, the back button): the tracking page says how things stand.
  if (!person.given) throw redirect(`${self}#consents`);
  const formAction = `/track/${encodeURIComponent(initiative.code)}/consents?t=${encodeURIComponent(new URL(request.url).searchParams.get("t") ?? "")}`;
  return { code: initiative.code, self, formAction, position, name: person.name };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { initiative, self } = await requireTracked(request, params.code, context.db);
  const form = await request.formData();
  if (form.get("intent") !== "withdraw") throw httpError(400, "unknown_intent");
  const position = parsePosition(form.get("person"));
  await withdrawNameConsent(context.db, { initiativeId: initiative.id, position });
  return redirect(`${self}&withdrawn=${position}#consents`);
}

export default function WithdrawConsentPage() {
  const { code, self, formAction, position, name } = useLoaderData<typeof loader>();
  const t = useT().consent.tracking;
  const busy = useNavigation().state === "submitting";
  return (
    <article aria-labelledby="withdraw-consent-title" className="tracked">
      <p className="hint">{code}</p>
      <h1 id="withdraw-consent-title">{t.confirmTitle}</h1>
      <p>{t.confirmBody(name)}</p>
      <Form method="post" action={formAction} className="inline-actions">
        <input type="hidden" name="person" value={position} />
        <button type="submit" name="intent" value="withdraw" className="danger" disabled={busy}>
          {t.confirm}
        </button>{" "}
        <Link to={`${self}#consents`} className="button secondary">
          {t.cancel}
        </Link>
      </Form>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
