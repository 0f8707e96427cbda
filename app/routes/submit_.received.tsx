import "~/i18n/sections/tracking";
import "~/i18n/sections/tracked";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { findReceivedCode } from "~/models/initiative/submission.server";
import { findByCodeAndToken, maskedSubmitterEmail } from "~/models/initiative/tracking.server";
import { qrPath } from "~/models/council/certificates.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { useNonce } from "~/utils/nonce";
import { readDuplicateCookie, readReceiptCookie } from "~/utils/submission-http.server";

/** A document: no forms, nothing for a script to do (see root.tsx); the print button is one fixed inline line. */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Sáng kiến CCHC` }];

// The page shows a secret: keep it out of caches and out of any Referer.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store, private", "Referrer-Policy": "no-referrer" });

/**
 * The private link only for the browser holding this submission's receipt (the first post's cookie). After a
 * repeated post, a browser without that receipt sees that the submission had already been received, its code,
 * and that the link went to the author's email: the code alone opens nothing.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const title = dictionaryFor(langFromRequest(request)).tracking.received.title;
  const receipt = readReceiptCookie(request);
  const repeated = readDuplicateCookie(request);
  const found = receipt ? await findByCodeAndToken(context.db, receipt.code, receipt.token) : null;
  if (found && receipt && (!repeated || repeated === found.code)) {
    const path = `/track/${encodeURIComponent(found.code)}?t=${encodeURIComponent(receipt.token)}`;
    const origin = getEnv().PUBLIC_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
    const url = origin + path;
    return {
      title,
      receipt: {
        code: found.code,
        dueOn: found.due_on,
        path,
        url,
        // Only with the receipt's secret: a hand-made "duplicate" cookie names any code, so that page shows no address.
        maskedEmail: await maskedSubmitterEmail(context.db, found.id),
        submittedAt: found.submitted_at,
        initiativeTitle: found.title,
        // The QR of the private link, drawn on the server (the `qrcode` package) as one SVG path.
        qr: qrPath(url),
      },
      repeated: repeated !== null,
      emailed: null,
    };
  }
  const earlier = repeated ? await findReceivedCode(context.db, repeated) : undefined;
  if (earlier) return { title, receipt: null, repeated: true, emailed: { code: earlier.code, dueOn: earlier.due_on } };
  return data({ title, receipt: null, repeated: false, emailed: null }, { status: 404 });
}

export default function ReceivedPage() {
  const { receipt, repeated, emailed } = useLoaderData<typeof loader>();
  const dict = useT();
  const t = dict.tracking.received;
  const tr = dict.tracked.receipt;
  const lang = useLang();
  const nonce = useNonce();
  if (emailed) {
    return (
      <section aria-labelledby="received-title" className="receipt">
        <h1 id="received-title">{t.title}</h1>
        <p className="notice ok" role="status">
          {t.duplicate}
        </p>
        <dl className="facts">
          <dt>{t.code}</dt>
          <dd>
            <strong className="tracking-code" data-testid="tracking-code">
              {emailed.code}
            </strong>
          </dd>
          <dt>{t.due}</dt>
          <dd>{formatDate(emailed.dueOn, lang)}</dd>
        </dl>
        <p>{t.linkEmailed}</p>
        <p>
          <PageLink to="/track">{dict.common.nav.track}</PageLink>
        </p>
      </section>
    );
  }
  if (!receipt) {
    return (
      <section aria-labelledby="received-title">
        <h1 id="received-title">{t.title}</h1>
        <p className="notice">{t.expired}</p>
        <p>
          <PageLink to="/track">{dict.common.nav.track}</PageLink>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="received-title" className="receipt">
      <h1 id="received-title" className="no-print">
        {t.title}
      </h1>
      <p className="notice ok no-print" role="status">
        {repeated ? t.duplicate : t.intro}
        {receipt.maskedEmail ? (
          <>
            {" "}
            <span data-testid="receipt-sent-to">{tr.sentTo(receipt.maskedEmail)}</span>
          </>
        ) : null}
      </p>
      {/* The giấy biên nhận: on paper it is all that prints (the print style hides the rest of the page). */}
      <div className="receipt-slip" aria-labelledby="slip-title">
        <p className="slip-issuer">{dict.common.siteTagline}</p>
        <h2 id="slip-title" className="slip-title">
          {tr.slipTitle}
        </h2>
        <div className="slip-body">
          <dl className="facts">
            <dt>{t.code}</dt>
            <dd>
              <strong className="tracking-code" data-testid="tracking-code">
                {receipt.code}
              </strong>
            </dd>
            <dt>{tr.receivedAt}</dt>
            <dd>
              <time dateTime={receipt.submittedAt}>{formatDateTime(receipt.submittedAt, lang)}</time>
            </dd>
            <dt>{tr.initiative}</dt>
            <dd lang="vi">{receipt.initiativeTitle}</dd>
            <dt>{t.due}</dt>
            <dd data-testid="receipt-due">{formatDate(receipt.dueOn, lang)}</dd>
            <dt>{t.link}</dt>
            <dd>
              <a href={receipt.path} className="private-link" rel="noreferrer">
                {receipt.url}
              </a>
            </dd>
          </dl>
          <figure className="slip-qr">
            <svg
              className="receipt-qr"
              role="img"
              aria-label={tr.qrLabel}
              viewBox={`-2 -2 ${receipt.qr.size + 4} ${receipt.qr.size + 4}`}
              shapeRendering="crispEdges"
            >
              <rect x="-2" y="-2" width={receipt.qr.size + 4} height={receipt.qr.size + 4} fill="#fff" />
              <path d={receipt.qr.d} fill="#000" />
            </svg>
            <figcaption>{tr.scan}</figcaption>
          </figure>
        </div>
        <p className="hint">{tr.keep}</p>
      </div>
      <p className="hint no-print">{t.linkHint}</p>
      <p className="no-print inline-actions">
        <a className="button" href={receipt.path} rel="noreferrer">
          {t.openLink}
        </a>
        {/* Hidden until the script wires it: without JavaScript a button that does nothing would only mislead
            (the browser's own Print still works, and the print style applies: the hint says so). */}
        <button type="button" className="secondary print-button" id="print-receipt" hidden>
          {tr.print}
        </button>
      </p>
      <p className="hint no-print" id="print-hint">
        {tr.printHint}
      </p>
      {/* The page ships no bundle; this fixed line (no user text) wires the button under the CSP nonce. */}
      <script
        nonce={nonce}
        dangerouslySetInnerHTML={{
          __html:
            'var b=document.getElementById("print-receipt");b.hidden=false;document.getElementById("print-hint").hidden=true;b.addEventListener("click",function(){window.print()})',
        }}
      />
    </section>
  );
}
