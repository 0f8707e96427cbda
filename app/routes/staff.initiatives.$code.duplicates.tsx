/**
 * Screening's duplicate check: the five initiatives of any status most like this one, with their score and the shared
 * words highlighted, one of them side by side with this one (?with=CODE), and the secretary's "duplicate of SK-…"
 * (models/duplicates/links.server.ts). Staff only: it shows unpublished initiatives. Under the initiative's page,
 * whose loader records the identity view.
 */
import "~/i18n/sections/duplicates";
import "~/i18n/sections/staff";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { DuplicateLinksList } from "~/components/duplicates-summary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { Highlight } from "~/components/highlight";
import { TableScroll } from "~/components/table-scroll";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { InvalidTransitionError, ValidationError } from "~/models/errors";
import { linksOf, markDuplicate, MARKABLE } from "~/models/duplicates/links.server";
import { findSimilarForScreening, similarityThreshold } from "~/models/duplicates/similar.server";
import { findInitiativeIdByCode } from "~/models/screening/staff-initiative.server";
import { requirePermission } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.self.code ?? ""} — Sáng kiến CCHC` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.view");
  const row = await findInitiativeIdByCode(context.db, params.code ?? "");
  if (!row) throw httpError(404, "not_found");
  const found = await findSimilarForScreening(context.db, row.id);
  if (!found) throw httpError(404, "not_found");
  return {
    self: found.self,
    similar: found.similar,
    links: await linksOf(context.db, row.id),
    threshold: similarityThreshold(),
    canMark: can(user.roles, "initiative.screen") && MARKABLE.includes(row.status),
    markable: MARKABLE.includes(row.status),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "initiative.screen");
  const code = params.code ?? "";
  const row = await findInitiativeIdByCode(context.db, code);
  if (!row) throw httpError(404, "not_found");
  const form = await request.formData();
  if (form.get("intent") !== "mark") throw httpError(400, "bad_intent");
  const original = typeof form.get("original") === "string" ? String(form.get("original")) : "";
  const t = dictionaryFor(langFromRequest(request)).duplicates.staff.errors;
  try {
    await markDuplicate(context.db, { initiativeId: row.id, originalCode: original, userId: user.id });
  } catch (err) {
    if (err instanceof ValidationError || err instanceof InvalidTransitionError) {
      const fields =
        err instanceof ValidationError && Object.keys(err.fieldErrors).length ? err.fieldErrors : { original: [err.messageKey] };
      const errors = Object.fromEntries(Object.entries(fields).map(([f, keys]) => [f, keys.map((k) => t[k] ?? k)]));
      return data({ errors, original }, { status: err instanceof ValidationError ? 400 : 409 });
    }
    throw err;
  }
  return redirect(`/staff/initiatives/${encodeURIComponent(code)}/duplicates?marked=1`);
}

export default function DuplicatesPage() {
  const d = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const dict = useT();
  const t = dict.duplicates.staff;
  const chosen = d.similar.find((s) => s.code === params.get("with")) ?? d.similar[0];
  const pct = (x: number) => Math.round(x * 100);
  return (
    <article aria-labelledby="duplicates-page-title">
      <h1 id="duplicates-page-title">{t.title(d.self.code)}</h1>
      {params.get("marked") ? (
        <p className="notice ok" role="status">
          {t.marked}
        </p>
      ) : null}
      <p>{t.intro}</p>
      <p className="hint">{t.threshold(pct(d.threshold))}</p>
      {d.similar.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <TableScroll label={t.title(d.self.code)}>
          <table className="similar-table">
            <thead>
              <tr>
                <th scope="col">{t.code}</th>
                <th scope="col">{t.titleCol}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.score}</th>
                <th scope="col">{t.compare}</th>
              </tr>
            </thead>
            <tbody>
              {d.similar.map((s) => (
                <tr key={s.id} aria-current={s.id === chosen?.id ? "true" : undefined}>
                  <td>
                    <PageLink to={`/staff/initiatives/${s.code}`}>{s.code}</PageLink>
                  </td>
                  <td lang="vi">
                    <Highlight text={s.title} terms={s.shared} />
                  </td>
                  <td>{dict.common.status[s.status]}</td>
                  <td>
                    <strong>{pct(s.score)}%</strong>{" "}
                    <span className="hint">
                      ({t.titleScore} {pct(s.titleScore)}%, {t.bodyScore} {pct(s.bodyScore)}%)
                    </span>
                  </td>
                  <td>
                    <Link to={`?with=${encodeURIComponent(s.code)}#compare`} aria-label={t.compareTitle(d.self.code, s.code)}>
                      {t.compare}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {chosen ? (
        <section aria-labelledby="compare-title" id="compare" className="side-by-side">
          <h2 id="compare-title">{t.compareTitle(d.self.code, chosen.code)}</h2>
          <p>
            <span className="hint">{t.sharedWords}:</span> {chosen.shared.join(", ")}
          </p>
          <div className="compare-columns">
            {[
              { code: d.self.code, label: t.thisOne, title: d.self.title, problem: d.self.problem, solution: d.self.solution },
              {
                code: chosen.code,
                label: dict.common.status[chosen.status],
                title: chosen.title,
                problem: chosen.problem,
                solution: chosen.solution,
              },
            ].map((c) => (
              <div key={c.code} className="compare-column" lang="vi">
                <h3>
                  {c.code} <span className="hint">({c.label})</span>
                </h3>
                <p>
                  <strong>
                    <Highlight text={c.title} terms={chosen.shared} />
                  </strong>
                </p>
                <h4>{t.problem}</h4>
                <p className="pre-wrap">
                  <Highlight text={c.problem} terms={chosen.shared} />
                </p>
                <h4>{t.solution}</h4>
                <p className="pre-wrap">
                  <Highlight text={c.solution} terms={chosen.shared} />
                </p>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="links-title">
        <h2 id="links-title">{t.links}</h2>
        <DuplicateLinksList links={d.links} />
        {d.canMark ? (
          <Form method="post" noValidate className="mark-duplicate">
            <ErrorSummary title={dict.staff.form.errorsTitle} errors={acted?.errors ?? {}} fields={["original"]} />
            <TextField
              name="original"
              label={t.mark}
              hint={t.markHint}
              errors={acted?.errors?.original}
              defaultValue={acted?.original ?? chosen?.code ?? ""}
              autoComplete="off"
            />
            <button type="submit" name="intent" value="mark" className="primary" disabled={busy}>
              {t.markSubmit}
            </button>
          </Form>
        ) : !d.markable ? (
          <p className="hint">{t.markOnlyAtScreening}</p>
        ) : null}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
