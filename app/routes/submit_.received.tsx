import "~/i18n/sections/citizen.page";
import "~/i18n/sections/tracking.page";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { findReceivedCode } from "~/models/initiative/submission.server";
import { findByCodeAndToken } from "~/models/initiative/tracking.server";
import { formatDate } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { readDuplicateCookie, readReceiptCookie } from "~/utils/submission-http.server";

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
    return {
      title,
      receipt: { code: found.code, dueOn: found.due_on, path, url: origin + path },
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
  const lang = useLang();
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
          <Link to="/track">{dict.common.nav.track}</Link>
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
          <Link to="/track">{dict.common.nav.track}</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="received-title" className="receipt">
      <h1 id="received-title">{t.title}</h1>
      <p className="notice ok" role="status">
        {repeated ? t.duplicate : t.intro}
      </p>
      <dl className="facts">
        <dt>{t.code}</dt>
        <dd>
          <strong className="tracking-code" data-testid="tracking-code">
            {receipt.code}
          </strong>
        </dd>
        <dt>{t.due}</dt>
        <dd>{formatDate(receipt.dueOn, lang)}</dd>
        <dt>{t.link}</dt>
        <dd>
          <a href={receipt.path} className="private-link" rel="noreferrer">
            {receipt.url}
          </a>
        </dd>
      </dl>
      <p className="hint">{t.linkHint}</p>
      <p className="no-print">
        <a className="button" href={receipt.path} rel="noreferrer">
          {t.openLink}
        </a>
      </p>
    </section>
  );
}
