/**
 * The submitter's answer to a duplicate question, from the private tracking link (the link is the credential):
 * POST agrees or objects and returns to the tracking page; a refused answer (no reason, no question waiting) is
 * shown here with the form again, in the submitter's language. GET shows the same form.
 */
import "~/i18n/sections/duplicates";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DuplicateSection } from "~/components/tracking/duplicate";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { InvalidTransitionError, ValidationError } from "~/models/errors";
import { answerDuplicate, duplicateForSubmitter } from "~/models/duplicates/links.server";
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
  return { initiative: found, token, self: `/track/${encodeURIComponent(found.code)}?t=${encodeURIComponent(token)}` };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { initiative, token, self } = await requireTracked(request, params.code, context.db);
  const duplicate = await duplicateForSubmitter(context.db, initiative.id);
  if (!duplicate) throw redirect(self);
  return { code: initiative.code, token, self, duplicate };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { initiative, token, self } = await requireTracked(request, params.code, context.db);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "agree" && intent !== "object") throw httpError(400, "unknown_intent");
  const reason = typeof form.get("reason") === "string" ? String(form.get("reason")) : "";
  const t = dictionaryFor(langFromRequest(request)).duplicates.tracking.errors;
  try {
    await answerDuplicate(context.db, { initiativeId: initiative.id, answer: intent, reason });
  } catch (err) {
    if (err instanceof ValidationError || err instanceof InvalidTransitionError) {
      const fields = err instanceof ValidationError && Object.keys(err.fieldErrors).length ? err.fieldErrors : { form: [err.messageKey] };
      const errors = Object.fromEntries(Object.entries(fields).map(([f, keys]) => [f, keys.map((k) => t[k] ?? k)]));
      const duplicate = await duplicateForSubmitter(context.db, initiative.id);
      return data({ errors, reason, duplicate, code: initiative.code, token }, { status: err instanceof ValidationError ? 400 : 409 });
    }
    throw err;
  }
  return redirect(`${self}#duplicate`);
}

export default function DuplicateAnswerPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const t = useT().duplicates.tracking;
  const busy = useNavigation().state === "submitting";
  const duplicate = acted?.duplicate ?? loaded.duplicate;
  return (
    <article aria-labelledby="duplicate-page-title" className="tracked">
      <p className="hint">{loaded.code}</p>
      <h1 id="duplicate-page-title">{t.pageTitle(loaded.code)}</h1>
      {duplicate ? (
        <DuplicateSection
          code={loaded.code}
          token={loaded.token}
          duplicate={duplicate}
          reason={acted?.reason}
          errors={acted?.errors}
          busy={busy}
        />
      ) : null}
      <p>
        <Link to={loaded.self}>{t.back}</Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
