import "~/i18n/sections/public";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { verifyCertificate } from "~/models/council/certificates.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { formatDate } from "~/utils/dates";
import { CertificateForm } from "~/components/certificate-form";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

/** Valid: the certificate's facts. Not found: 404 with the answer on the page (not the generic error page). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const asked = (params.number ?? "").slice(0, 40);
  const result = await verifyCertificate(context.db, asked);
  const t = dictionaryFor(langFromRequest(request)).public.certificates;
  if (!result) {
    // A number can become valid at the next council decision: let nobody keep the "not found" for long.
    return data({ asked, result, meta: { title: t.notFoundTitle } }, { status: 404, headers: { "Cache-Control": "no-cache" } });
  }
  return data({ asked, result, meta: { title: `${t.validTitle}: ${result.number}` } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title ?? "" }, { name: "robots", content: "noindex" }];

export default function CertificatePage() {
  const { asked, result } = useLoaderData<typeof loader>();
  const t = useT().public.certificates;
  const lang = useLang();
  if (!result) {
    return (
      <section aria-labelledby="cert-title">
        <h1 id="cert-title">{t.notFoundTitle}</h1>
        <div className="notice warn" role="alert">
          <p>{t.notFoundText(asked)}</p>
        </div>
        <h2>{t.checkAnother}</h2>
        <CertificateForm defaultValue={asked} />
      </section>
    );
  }
  return (
    <section aria-labelledby="cert-title">
      <h1 id="cert-title">{t.validTitle}</h1>
      <div className="notice ok" role="status">
        <p>{t.validText(result.number)}</p>
      </div>
      <dl className="facts">
        {result.initiative ? (
          <>
            <dt>{t.initiative}</dt>
            <dd>
              <PageLink to={`/initiatives/${result.initiative.slug}`} lang="vi">
                {result.initiative.title}
              </PageLink>
            </dd>
          </>
        ) : null}
        {result.level ? (
          <>
            <dt>{t.commendation}</dt>
            <dd>{lang === "vi" ? result.level.nameVi : result.level.nameEn}</dd>
          </>
        ) : null}
        <dt>{t.decisionDate}</dt>
        <dd>
          <time dateTime={result.decidedAt}>{formatDate(result.decidedAt, lang)}</time>
        </dd>
      </dl>
      {result.initiative ? (
        <p>
          <PageLink to={`/initiatives/${result.initiative.slug}`}>{t.viewInitiative}</PageLink> ·{" "}
          <PageLink to={`/certificates/${encodeURIComponent(result.number)}/print`}>{t.printable}</PageLink>
        </p>
      ) : (
        <p>{t.validUnpublished}</p>
      )}
      <h2>{t.checkAnother}</h2>
      <CertificateForm />
    </section>
  );
}
