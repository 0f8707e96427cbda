import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroup } from "~/components/form-fields";
import { dictionaryFor, langFromRequest, LANGS } from "~/i18n/index";
import { titleMeta } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { audit } from "~/models/audit/audit.server";
import { getNotificationSettings, setNotificationSettings } from "~/models/notifications/notifications.server";
import { NOTIFY_MODES } from "~/models/notifications/modes";
import { requirePermission } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.notifications.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "queue.view");
  return getNotificationSettings(context.db, user.id);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "queue.view");
  const t = dictionaryFor(langFromRequest(request)).staff.notifications;
  const schema = z.object({
    mode: z.enum(NOTIFY_MODES, { errorMap: () => ({ message: t.invalid }) }),
    lang: z.enum(LANGS, { errorMap: () => ({ message: t.invalid }) }),
  });
  const parsed = parseForm(schema, await request.formData(), { fields: ["mode", "lang"] });
  if (!parsed.ok) return data({ errors: parsed.fieldErrors }, { status: 400 });
  await context.db.transaction().execute(async (trx) => {
    await setNotificationSettings(trx, user.id, parsed.value);
    await audit(trx, { actorUserId: user.id, action: "user.notifications", targetType: "user", targetId: user.id, details: parsed.value });
  });
  return redirect("/staff/notifications?done=notifications");
}

export default function NotificationSettings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT().staff;
  const n = t.notifications;
  const errors = result?.errors;
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">{n.title}</h1>
      <ActionFeedback message={params.get("done") === "notifications" && !result ? t.glossary.notifications : null} />
      <p>{n.intro}</p>
      <Form method="post" noValidate>
        <ErrorSummary title={t.form.errorsTitle} errors={errors} labels={{ mode: n.mode, lang: n.lang }} />
        <RadioGroup
          name="mode"
          label={n.mode}
          errors={errors?.mode}
          required
          defaultValue={d.mode}
          options={NOTIFY_MODES.map((m) => ({ value: m, label: n.modes[m] }))}
        />
        <RadioGroup
          name="lang"
          label={n.lang}
          errors={errors?.lang}
          required
          defaultValue={d.lang}
          options={LANGS.map((l) => ({ value: l, label: <span lang={l}>{n.langs[l]}</span> }))}
        />
        <button type="submit" className="primary">
          {n.save}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
