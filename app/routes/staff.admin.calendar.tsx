import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroup, TextField } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { adjustmentSchema, addAdjustment, listAdjustments, removeAdjustment, workingDayCalendar } from "~/models/calendar/calendar.server";
import { ValidationError } from "~/models/errors";
import { requirePermission } from "~/utils/auth.server";
import { hanoiYear } from "~/utils/clock";
import { formatDate } from "~/utils/dates";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";
import { CHECKED_YEARS } from "~/utils/working-days";
import { TableScroll } from "~/components/table-scroll";
import { ActionFeedback } from "~/components/action-feedback";

export const meta: MetaFunction = () => [{ title: "Lịch ngày làm việc — Sáng kiến CCHC" }];

const PAGE = "/staff/admin/calendar";

/** The year asked for, or this year in Hà Nội; anything else is a 400, not a guess. */
function yearOf(request: Request): number {
  const raw = new URL(request.url).searchParams.get("year");
  if (raw === null || raw === "") return hanoiYear();
  if (!/^\d{4}$/.test(raw) || Number(raw) < 1901 || Number(raw) > 2198) {
    throw new Response(dictionaryFor(langFromRequest(request)).staff.calendar.errors.year_invalid, { status: 400 });
  }
  return Number(raw);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.calendar");
  const year = yearOf(request);
  const calendar = await workingDayCalendar(context.db);
  const adjustments = await listAdjustments(context.db, year);
  const ids = [...new Set(adjustments.map((a) => a.created_by).filter((id): id is number => id !== null))];
  const names = ids.length ? await context.db.selectFrom("users").select(["id", "name"]).where("id", "in", ids).execute() : [];
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  return {
    year,
    checked: year >= CHECKED_YEARS.from && year <= CHECKED_YEARS.to,
    holidays: calendar.holidaysOf(year),
    adjustments: adjustments.map((a) => ({ ...a, createdByName: a.created_by === null ? null : (nameOf.get(a.created_by) ?? null) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.calendar");
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const intent = form.intent;
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.staff.calendar.errors, code) ?? dict.common.errors.badRequest;
  const fail = (errors: FieldErrors, status = 400) => data({ intent, errors, values: form }, { status });
  let year: string;
  let date: string;
  try {
    if (intent === "add") {
      const parsed = parseForm(adjustmentSchema, form, { messages: words });
      if (!parsed.ok) return fail(parsed.fieldErrors);
      await addAdjustment(context.db, parsed.value, user.id);
      date = parsed.value.date;
      year = date.slice(0, 4);
    } else if (intent === "remove") {
      await removeAdjustment(context.db, form.date ?? "", user.id);
      date = form.date ?? "";
      year = date.slice(0, 4);
    } else {
      throw new ValidationError("bad_intent");
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = err.firstFieldErrors();
    return fail(
      codesToFieldErrors(Object.keys(fields).length > 0 ? fields : { form: err.messageKey }, words),
      fields.form === "not_found" ? 404 : 400,
    );
  }
  return redirect(`${PAGE}?year=${year}&done=${intent === "add" ? "added" : "removed"}&date=${date}`);
}

export default function CalendarAdmin() {
  const { year, checked, holidays, adjustments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lang = useLang();
  const t = useT().staff;
  const c = t.calendar;
  const printing = params.get("print") === "1";
  const addErrors = result?.intent === "add" ? result.errors : {};
  const addValues = result?.intent === "add" ? result.values : null;
  const weekday = new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { weekday: "long", timeZone: "UTC" });
  const dayName = (date: string) => weekday.format(new Date(`${date}T00:00:00Z`));
  const done = params.get("done");
  const doneDate =
    (done === "added" || done === "removed") && /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "") ? params.get("date") : null;

  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">
        {c.title} {year}
      </h1>
      <p>{c.intro}</p>
      <ActionFeedback
        message={doneDate ? (done === "added" ? t.glossary.dayAdded : t.glossary.dayRemoved)(formatDate(doneDate, lang)) : null}
      />
      {!checked ? (
        <p className="notice" role="note">
          {c.outsideRange(CHECKED_YEARS.from, CHECKED_YEARS.to)}
        </p>
      ) : null}
      {printing ? null : (
        <div className="no-print">
          <Form method="get" aria-label={c.year}>
            <TextField name="year" label={c.year} inputMode="numeric" defaultValue={String(year)} />
            <button type="submit" className="secondary">
              {c.show}
            </button>
          </Form>
          <p>
            <Link to={`${PAGE}?year=${year}&print=1`}>{c.print}</Link>
          </p>
        </div>
      )}

      <h2 id="holidays-title">{c.holidays}</h2>
      <TableScroll labelledBy="holidays-title">
        <table aria-labelledby="holidays-title">
          <thead>
            <tr>
              <th scope="col">{c.date}</th>
              <th scope="col">{c.weekday}</th>
              <th scope="col">{c.holiday}</th>
              <th scope="col">{c.status}</th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((h) => (
              <tr key={`${h.key}-${h.date}`}>
                <td>
                  <time dateTime={h.date}>{h.date}</time>
                </td>
                <td>{dayName(h.date)}</td>
                <td>{h.key === "substitute" && h.for ? c.substituteFor(h.for) : c.names[h.key]}</td>
                <td>{h.provisional ? <span className="badge provisional">{c.provisional}</span> : c.confirmed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 id="adjustments-title">{c.adjustments}</h2>
      {result?.intent === "remove" ? <ErrorSummary title={c.errorsTitle} errors={result.errors} /> : null}
      {adjustments.length === 0 ? (
        <p>{c.noAdjustments}</p>
      ) : (
        <TableScroll labelledBy="adjustments-title">
          <table aria-labelledby="adjustments-title">
            <thead>
              <tr>
                <th scope="col">{c.date}</th>
                <th scope="col">{c.weekday}</th>
                <th scope="col">{c.kind}</th>
                <th scope="col">{c.note}</th>
                <th scope="col">{c.addedBy}</th>
                {printing ? null : (
                  <th scope="col" className="no-print">
                    <span className="visually-hidden">{c.remove}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {adjustments.map((a) => (
                <tr key={a.date}>
                  <td>
                    <time dateTime={a.date}>{a.date}</time>
                  </td>
                  <td>{dayName(a.date)}</td>
                  <td>{c.kinds[a.kind]}</td>
                  <td>{a.note}</td>
                  <td>{a.createdByName ?? c.system}</td>
                  {printing ? null : (
                    <td className="no-print">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="date" value={a.date} />
                        <button type="submit" className="secondary" aria-label={c.removeLabel(a.date)}>
                          {c.remove}
                        </button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {printing ? null : (
        <div className="no-print">
          <h2 id="add-title">{c.add}</h2>
          <Form method="post" aria-labelledby="add-title" noValidate>
            <ErrorSummary
              title={c.errorsTitle}
              errors={addErrors}
              labels={{ date: c.date, kind: c.kind, note: c.note }}
              fields={["date", "kind", "note"]}
            />
            <input type="hidden" name="intent" value="add" />
            <TextField name="date" label={c.date} hint={c.dateHint} errors={addErrors.date} required defaultValue={addValues?.date ?? ""} />
            <RadioGroup
              name="kind"
              label={c.kind}
              errors={addErrors.kind}
              required
              options={[
                { value: "day_off", label: c.kinds.day_off },
                { value: "working_day", label: c.kinds.working_day },
              ]}
              defaultValue={addValues?.kind ?? "day_off"}
            />
            <TextField name="note" label={c.note} hint={c.noteHint} errors={addErrors.note} required defaultValue={addValues?.note ?? ""} />
            <button type="submit" className="primary">
              {c.addSubmit}
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
