import "~/i18n/sections/public";
import "~/i18n/sections/consent";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/i18n/use-t";
import { qrPath, verifyCertificate } from "~/models/council/certificates.server";
import { siteOrigin } from "~/models/public/feed.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { formatDate } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { useNonce } from "~/utils/nonce";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

/** The printable A4 certificate of a published initiative, with the verification address and its QR code. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await verifyCertificate(context.db, params.number ?? "");
  if (!result || !result.initiative) throw httpError(404, "not_found");
  const verifyUrl = `${siteOrigin(request)}/certificates/${encodeURIComponent(result.number)}`;
  return data({ result: { ...result, initiative: result.initiative }, verifyUrl, qr: qrPath(verifyUrl) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.result.number} — ${data.result.initiative.title}` : "404" },
  { name: "robots", content: "noindex" },
];

export default function CertificatePrint() {
  const { result, verifyUrl, qr } = useLoaderData<typeof loader>();
  const t = useT().public.certificates;
  const consent = useT().consent.public;
  const common = useT().common;
  const lang = useLang();
  const nonce = useNonce();
  return (
    <article className="certificate-sheet" aria-labelledby="cert-heading">
      <p className="no-print">
        {/* Hidden until the script wires it: without JavaScript a button that does nothing would only mislead
            (the browser's own Print still works, and the print style applies). */}
        <button type="button" className="secondary print-button" id="print-button" hidden>
          {common.print}
        </button>
        {/* The page ships no bundle; this one fixed line (no user text) wires the button under the CSP nonce. */}
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html: 'var b=document.getElementById("print-button");b.hidden=false;b.addEventListener("click",function(){window.print()})',
          }}
        />
      </p>
      <header className="certificate-head">
        <p className="cert-issuer">{t.certIssuer}</p>
        <p className="cert-nation">
          {t.certNation}
          <br />
          <span>{t.certMotto}</span>
        </p>
      </header>
      <h1 id="cert-heading" className="cert-title">
        {t.certHeading}
      </h1>
      <p className="cert-body">{t.certBody}</p>
      <p className="cert-initiative">
        “<span lang="vi">{result.initiative.title}</span>”
      </p>
      <p className="cert-author">
        {t.certAuthor}:{" "}
        {result.initiative.authorName ? (
          <strong lang="vi">{result.initiative.authorName}</strong>
        ) : (
          <strong>{consent.anonymousAuthor}</strong>
        )}
        {result.initiative.coAuthorNames.map((name) => (
          <span key={name}>
            , <strong lang="vi">{name}</strong>
          </span>
        ))}
      </p>
      {result.level ? <p className="cert-level">{lang === "vi" ? result.level.nameVi : result.level.nameEn}</p> : null}
      <p className="cert-date">
        {t.decisionDate}: <time dateTime={result.decidedAt}>{formatDate(result.decidedAt, lang)}</time>
      </p>
      <footer className="cert-foot">
        <div>
          <p>
            {t.certNumber}: <strong className="cert-number">{result.number}</strong>
          </p>
          <p>
            {t.certVerify}: <span className="cert-url">{verifyUrl}</span>
          </p>
        </div>
        <svg
          className="cert-qr"
          role="img"
          aria-label={t.qrLabel(verifyUrl)}
          viewBox={`-2 -2 ${qr.size + 4} ${qr.size + 4}`}
          shapeRendering="crispEdges"
        >
          <rect x="-2" y="-2" width={qr.size + 4} height={qr.size + 4} fill="#fff" />
          <path d={qr.d} fill="#000" />
        </svg>
      </footer>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
