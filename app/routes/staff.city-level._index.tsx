import "~/i18n/sections/staff";
import "~/i18n/sections/city";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { TitledTable } from "~/components/titled-table";
import { useLang, useT } from "~/i18n/use-t";
import { createRound, listReviewerCityAssignments, listRounds, roundSchema } from "~/models/city/city-level.server";
import { requirePermission } from "~/utils/auth.server";
import { cityRefusal, cityWords } from "~/utils/city-level-http.server";
import { hanoiYear } from "~/utils/clock";
import { formatDate } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Sáng kiến cấp Thành phố — Sáng kiến CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "city.view");
  const seesRounds = can(user.roles, "city.nominations");
  return {
    rounds: seesRounds ? await listRounds(context.db) : null,
    mayCreate: can(user.roles, "city.rounds"),
    own: can(user.roles, "review.own") ? await listReviewerCityAssignments(context.db, user.id) : null,
    nextYear: hanoiYear(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "city.rounds");
  const form = await request.formData();
  const parsed = parseForm(roundSchema, form, { messages: cityWords(request) });
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    const round = await createRound(context.db, { ...parsed.value, actorUserId: user.id });
    return redirect(`/staff/city-level/${round.year}?done=created`);
  } catch (err) {
    const r = cityRefusal(err, request);
    return data({ errors: r.errors, values: parsed.values }, { status: r.status });
  }
}

export default function CityLevelIndex() {
  const { rounds, mayCreate, own, nextYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT().city;
  const lang = useLang();
  return (
    <section aria-labelledby="city-title">
      <h1 id="city-title">{t.title}</h1>
      <p>{t.intro}</p>
      {params.get("conflict") === "1" ? (
        <p className="notice ok" role="status">
          {t.conflictDeclared}
        </p>
      ) : null}

      {own ? (
        <TitledTable
          id="own-title"
          title={t.yourReviews}
          empty={t.noOwnReviews}
          columns={[t.year, t.initiative, t.due, t.status]}
          rows={own}
          row={(a) => (
            <tr key={a.id}>
              <td>{a.year}</td>
              <td>
                <PageLink to={`/staff/city-level/reviews/${a.id}`}>{a.title}</PageLink>
              </td>
              <td>{formatDate(a.due_on, lang)}</td>
              <td>{t.assignmentStatus[a.status]}</td>
            </tr>
          )}
        />
      ) : null}

      {rounds ? (
        <TitledTable
          id="rounds-title"
          title={t.rounds}
          empty={t.noRounds}
          columns={[t.year, t.roundTitle, t.nominations, t.recognised]}
          rows={rounds}
          row={(r) => (
            <tr key={r.id}>
              <td>
                <PageLink to={`/staff/city-level/${r.year}`}>{r.year}</PageLink>
              </td>
              <td lang="vi">{r.title}</td>
              <td>{r.nominations}</td>
              <td>{r.recognised}</td>
            </tr>
          )}
        />
      ) : null}

      {mayCreate ? (
        <>
          <h2 id="create-title">{t.createRound}</h2>
          <p className="hint">{t.createRoundHint}</p>
          <ErrorSummary title={t.errorsTitle} errors={result?.errors ?? {}} labels={{ year: t.year, title: t.roundTitle }} />
          <Form method="post" aria-labelledby="create-title" noValidate>
            <TextField
              name="year"
              label={t.year}
              inputMode="numeric"
              defaultValue={result?.values.year ?? String(nextYear)}
              errors={result?.errors.year}
              required
            />
            <TextField
              name="title"
              label={t.roundTitle}
              defaultValue={result?.values.title ?? t.roundHeading(nextYear)}
              errors={result?.errors.title}
              required
            />
            <button type="submit" className="primary">
              {t.createRound}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
