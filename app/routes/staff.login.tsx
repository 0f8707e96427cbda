import "~/i18n/sections/staff";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { minutesToWait, reserveLoginAttempt, settleLoginAttempt } from "~/models/staff/login-attempts.server";
import { findUserForLogin, normaliseEmail } from "~/models/staff/users.server";
import { createUserSession, getUser, PASSWORD_PATH } from "~/utils/auth.server";
import { safeRedirect } from "~/utils/http.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.login.title);

// Keeps the layout's no-store and passes on Retry-After of a locked sign-in.
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

const LoginForm = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

// Verifying against a throw-away hash when the account does not exist keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  return { signedInAs: user?.name ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).staff.login;
  const form = Object.fromEntries(await request.formData());
  const parsed = LoginForm.safeParse(form);
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  if (!parsed.success) return data({ error: t.required, email }, { status: 400 });

  const db = context.db;
  const normalised = normaliseEmail(parsed.data.email);
  const ip = context.clientIp || "unknown";
  // Reserved before the slow password check, in one transaction with the limit check: concurrent guesses
  // cannot all pass the check before the first failure is written.
  const reservation = await reserveLoginAttempt(db, normalised, ip);
  if (!reservation.ok) {
    const seconds = reservation.retryAfterSeconds;
    return data({ error: t.locked(minutesToWait(seconds)), email }, { status: 429, headers: { "Retry-After": String(seconds) } });
  }

  const user = await findUserForLogin(db, normalised);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(parsed.data.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || user.active !== 1) {
    await settleLoginAttempt(db, reservation.id, false);
    return data({ error: t.invalid, email }, { status: 400 });
  }
  await settleLoginAttempt(db, reservation.id, true);
  const redirectTo = safeRedirect(parsed.data.redirectTo, "/staff");
  return createUserSession(request, context, {
    userId: user.id,
    redirectTo: user.must_change_password === 1 ? `${PASSWORD_PATH}?${new URLSearchParams({ redirectTo })}` : redirectTo,
  });
}

export default function Login() {
  const { signedInAs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT().staff.login;
  const redirectTo = params.get("redirectTo") ?? "/staff";
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t.title}</h1>
      {signedInAs ? (
        <p className="notice">
          {t.already(signedInAs)} <PageLink to="/staff">{t.toQueue}</PageLink>
        </p>
      ) : null}
      {result?.error ? (
        <div className="error-summary" role="alert" id="login-error">
          <p>{result.error}</p>
        </div>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor="email">{t.email}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={result?.email ?? ""}
            aria-invalid={result?.error ? true : undefined}
            aria-describedby={result?.error ? "login-error" : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={result?.error ? true : undefined}
            aria-describedby={result?.error ? "login-error" : undefined}
          />
        </div>
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t.submit}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
