import "~/i18n/sections/staff";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { minutesToWait, reserveLoginAttempt, settleLoginAttempt } from "~/models/staff/login-attempts.server";
import { changeOwnPassword, findUserForLogin } from "~/models/staff/users.server";
import { createUserSession, requireUser } from "~/utils/auth.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { safeRedirect } from "~/utils/http.server";
import { verifyPassword } from "~/utils/password.server";
import { MIN_PASSWORD_LENGTH, passwordProblem, passwordProblemMessage } from "~/utils/password-policy.server";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.password);

// Keeps the layout's no-store and passes on Retry-After of a throttled check.
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

function schemaFor(staff: ReturnType<typeof dictionaryFor>["staff"]) {
  const t = staff.password;
  return z
    .object({
      current: z.string({ required_error: t.required }).min(1, t.required).max(200, t.tooLong),
      next: z.string({ required_error: t.required }).min(1, t.required),
      repeat: z.string({ required_error: t.required }).min(1, t.required),
      redirectTo: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.next !== v.repeat) ctx.addIssue({ code: "custom", path: ["repeat"], message: t.mismatch });
      if (v.current && v.next === v.current) ctx.addIssue({ code: "custom", path: ["next"], message: t.sameAsOld });
      // The one staff password policy (length, one repeated character, common and guessable passwords).
      const problem = v.next ? passwordProblem(v.next) : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["next"], message: passwordProblemMessage(problem, staff) });
    });
}

type Errors = FieldErrors;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { forced: user.mustChangePassword, minLength: MIN_PASSWORD_LENGTH };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = dictionaryFor(langFromRequest(request)).staff;
  const parsed = parseForm(schemaFor(t), await request.formData());
  if (!parsed.ok) return data({ errors: parsed.fieldErrors }, { status: 400 });
  // Guessing the current password from a stolen session is throttled like a sign-in.
  const ip = context.clientIp || "unknown";
  const reservation = await reserveLoginAttempt(context.db, user.email, ip);
  if (!reservation.ok) {
    const seconds = reservation.retryAfterSeconds;
    return data(
      { errors: { current: [t.login.locked(minutesToWait(seconds))] } as Errors },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  const row = await findUserForLogin(context.db, user.email);
  const ok = Boolean(row && (await verifyPassword(parsed.value.current, row.password_hash)));
  await settleLoginAttempt(context.db, reservation.id, ok);
  if (!ok) return data({ errors: { current: [t.password.wrongCurrent] } as Errors }, { status: 400 });
  // Every session ends (a stolen one too); this browser gets a fresh one.
  await changeOwnPassword(context.db, user.id, parsed.value.next, null);
  // On to where they were going, saying it was done (the staff layout shows `password=changed`).
  const next = new URL(safeRedirect(parsed.value.redirectTo, "/staff"), "http://local");
  next.searchParams.set("password", "changed");
  return createUserSession(request, context, { userId: user.id, redirectTo: `${next.pathname}${next.search}` });
}

export default function ChangePassword() {
  const { forced, minLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT().staff;
  const errors: Errors = result?.errors ?? {};
  return (
    <section className="narrow" aria-labelledby="pw-title">
      <h1 id="pw-title">{t.password.title}</h1>
      {forced ? <p className="notice warn">{t.password.forced}</p> : null}
      <ErrorSummary title={t.form.errorsTitle} errors={errors} fields={["current", "next", "repeat"]} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/staff"} />
        <Field name="current" label={t.password.current} errors={errors.current}>
          {(a) => <input {...a} type="password" autoComplete="current-password" required />}
        </Field>
        <Field name="next" label={t.password.next} hint={t.password.nextHint} errors={errors.next}>
          {(a) => <input {...a} type="password" autoComplete="new-password" minLength={minLength} required />}
        </Field>
        <Field name="repeat" label={t.password.repeat} errors={errors.repeat}>
          {(a) => <input {...a} type="password" autoComplete="new-password" required />}
        </Field>
        <button type="submit" className="primary">
          {t.password.submit}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
