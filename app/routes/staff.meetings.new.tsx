import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import "~/i18n/sections/meetings";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { titleMeta } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { ValidationError } from "~/models/errors";
import { councilCandidates, meetingFormSchema, scheduleMeeting } from "~/models/council/meetings.server";
import { NOTE_MAX, PLACE_MAX } from "~/models/council/meeting-limits";
import { meetingWords } from "~/models/council/meeting-words.server";
import { requirePermission } from "~/utils/auth.server";
import { parseForm, type FieldErrors } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.meetings.form.title);

const FIELDS = ["startsAt", "place", "note", "chairId", "members"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "meeting.manage");
  const people = await councilCandidates(context.db);
  return { people, me: user.id, iAmChair: user.roles.includes("chair") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "meeting.manage");
  const words = meetingWords(dictionaryFor(langFromRequest(request)));
  const form = await request.formData();
  const parsed = parseForm(meetingFormSchema, form, { messages: words, fields: FIELDS });
  const values: { text: Record<string, string>; members: string[] } = { text: parsed.values, members: form.getAll("members").map(String) };
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values }, { status: 400 });
  const f = parsed.value;
  try {
    const id = await scheduleMeeting(context.db, {
      startsAt: f.startsAt,
      place: f.place,
      note: f.note,
      chairId: f.chairId,
      memberIds: f.members,
      actorUserId: user.id,
    });
    return redirect(`/staff/meetings/${id}?done=schedule`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors: FieldErrors = {};
    for (const [field, code] of Object.entries(err.firstFieldErrors())) errors[field] = [words(code)];
    if (!Object.keys(errors).length) errors.form = [words(err.messageKey)];
    return data({ errors, values }, { status: 400 });
  }
}

export default function NewMeeting() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const m = t.meetings.form;
  const errors: FieldErrors = result?.errors ?? {};
  const values = result?.values.text;
  const members = result?.values.members;
  const chairs = d.people.filter((p) => p.roles.includes("chair"));
  return (
    <section aria-labelledby="new-meeting-title">
      <p>
        <PageLink to="/staff/meetings">{m.back}</PageLink>
      </p>
      <h1 id="new-meeting-title">{m.title}</h1>
      <p>{m.intro}</p>
      <ErrorSummary
        title={m.errorsTitle}
        errors={errors}
        fields={FIELDS}
        labels={{ startsAt: m.startsAt, place: m.place, note: m.note, chairId: m.chair, members: m.members }}
      />
      <Form method="post" noValidate>
        <TextField
          name="startsAt"
          type="datetime-local"
          label={m.startsAt}
          hint={m.startsAtHint}
          required
          errors={errors.startsAt}
          defaultValue={values?.startsAt ?? ""}
        />
        <TextField
          name="place"
          label={m.place}
          hint={m.placeHint}
          required
          maxLength={PLACE_MAX}
          errors={errors.place}
          defaultValue={values?.place ?? ""}
        />
        <SelectField
          name="chairId"
          label={m.chair}
          hint={m.chairHint}
          required
          errors={errors.chairId}
          placeholder={m.choose}
          options={chairs.map((c) => ({ value: String(c.id), label: c.name }))}
          defaultValue={values?.chairId ?? (d.iAmChair ? String(d.me) : "")}
        />
        <RadioGroup
          name="members"
          multiple
          label={m.members}
          hint={m.membersHint}
          required
          errors={errors.members}
          options={d.people.map((p) => ({ value: String(p.id), label: `${p.name} (${p.roles.map((r) => t.staff.roles[r]).join(", ")})` }))}
          defaultValue={members ?? d.people.map((p) => String(p.id))}
        />
        <TextAreaField name="note" label={m.note} rows={3} maxLength={NOTE_MAX} errors={errors.note} defaultValue={values?.note ?? ""} />
        <button type="submit" className="primary">
          {m.submit}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
