import "~/i18n/sections/rights";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/use-t";
import { isDomainError } from "~/models/errors";
import { normaliseCode } from "~/models/initiative/tracking.server";
import { confirmEmailChange, confirmedByLink, findEmailChange } from "~/models/privacy/rights.server";

export const meta: MetaFunction = () => [{ title: "Sáng kiến CCHC" }, { name: "robots", content: "noindex, nofollow" }];

// The address holds the link's key.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store, private", "Referrer-Policy": "no-referrer" });

/**
 * Opening the link only shows a button: a mail scanner that follows links must not confirm an address on its own.
 * An unknown, used or expired link answers 404 with the same words.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const key = new URL(request.url).searchParams.get("k");
  const code = normaliseCode(params.code ?? "");
  const found = await findEmailChange(context.db, code, key);
  if (found) return { code: found.code, email: found.new_email, key: key ?? "", confirmed: null };
  // The page after the button: the link is used by then.
  const confirmed = await confirmedByLink(context.db, code, key);
  if (confirmed) return { code, email: null, key: "", confirmed };
  return data({ code, email: null, key: "", confirmed: null }, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const done = await confirmEmailChange(context.db, { code: normaliseCode(params.code ?? ""), token: String(form.get("k") ?? "") });
    return { confirmed: done.email };
  } catch (err) {
    if (isDomainError(err)) return data({ confirmed: null }, { status: err.code === "not_found" ? 404 : 409 });
    throw err;
  }
}

export default function ConfirmEmail() {
  const { code, email, key, confirmed } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const t = useT().rights.confirm;
  return (
    <article aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t.title}</h1>
      {acted?.confirmed || (!acted && confirmed) ? (
        <p className="notice ok" role="status">
          {t.done(acted?.confirmed ?? confirmed ?? "")}
        </p>
      ) : acted || !email ? (
        <p className="notice warn" role="alert">
          {t.invalid}
        </p>
      ) : (
        <Form method="post">
          <p>{t.body(email, code)}</p>
          <input type="hidden" name="k" value={key} />
          <button type="submit" className="primary">
            {t.confirm}
          </button>
        </Form>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
