import "~/i18n/sections/staff";
import "~/i18n/sections/city";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextAreaField, TextField } from "~/components/form-fields";
import { TitledTable } from "~/components/titled-table";
import { useT } from "~/i18n/use-t";
import { getRoundByYear, listNominations, nominate, nominationSchema } from "~/models/city/city-level.server";
import { requirePermission } from "~/utils/auth.server";
import { cityRefusal, cityWords } from "~/utils/city-level-http.server";
import { parseForm } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.title ?? ""} — Sáng kiến CCHC` }];

async function roundOf(db: Parameters<typeof getRoundByYear>[0], param: string | undefined) {
  if (!param || !/^\d{4}$/.test(param)) throw httpError(404, "not_found");
  const round = await getRoundByYear(db, Number(param));
  if (!round) throw httpError(404, "not_found");
  return round;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "city.nominations");
  const round = await roundOf(context.db, params.year);
  return {
    round: { id: round.id, year: round.year, title: round.title },
    nominations: await listNominations(context.db, round.id),
    mayNominate: can(user.roles, "city.nominate"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "city.nominate");
  const round = await roundOf(context.db, params.year);
  const form = await request.formData();
  const parsed = parseForm(nominationSchema, form, { messages: cityWords(request) });
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    const n = await nominate(context.db, { roundId: round.id, ...parsed.value, actorUserId: user.id });
    return redirect(`/staff/city-level/nominations/${n.id}?done=nominated`);
  } catch (err) {
    const r = cityRefusal(err, request);
    return data({ errors: r.errors, values: parsed.values }, { status: r.status });
  }
}

export default function CityRound() {
  const { round, nominations, mayNominate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT().city;
  return (
    <section aria-labelledby="round-title">
      <p className="no-print">
        <PageLink to="/staff/city-level">{t.back}</PageLink>
      </p>
      <h1 id="round-title" lang="vi">
        {round.title}
      </h1>
      {params.get("done") === "created" ? (
        <p className="notice ok" role="status">
          {t.roundCreated}
        </p>
      ) : null}
      <TitledTable
        id="nominations-title"
        title={t.nominations}
        empty={t.noNominations}
        columns={[t.code, t.initiative, t.status, t.certificate]}
        rows={nominations}
        row={(n) => (
          <tr key={n.id}>
            <td>
              <PageLink to={`/staff/city-level/nominations/${n.id}`}>{n.code}</PageLink>
            </td>
            <td lang="vi">{n.title ?? n.code}</td>
            <td>{t.statuses[n.status]}</td>
            <td>{n.certificate_number ?? "—"}</td>
          </tr>
        )}
      />

      {mayNominate ? (
        <>
          <h2 id="nominate-title">{t.nominate}</h2>
          <p className="hint">{t.nominateHint}</p>
          <ErrorSummary title={t.errorsTitle} errors={result?.errors ?? {}} labels={{ code: t.code, statement: t.statement }} />
          <Form method="post" aria-labelledby="nominate-title" noValidate>
            <TextField
              name="code"
              label={t.code}
              hint={t.codeHint}
              defaultValue={result?.values.code ?? ""}
              errors={result?.errors.code}
              autoComplete="off"
              required
            />
            <TextAreaField
              name="statement"
              label={t.statement}
              hint={t.statementHint}
              defaultValue={result?.values.statement ?? ""}
              errors={result?.errors.statement}
              maxLength={3000}
              required
            />
            <button type="submit" className="primary">
              {t.nominate}
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
