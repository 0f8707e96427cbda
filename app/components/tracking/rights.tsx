/**
 * The tracking page's section on the submitter's data: the download, the way to the rights page, the requests
 * made and their answers. Its data comes from `rightsView` (app/models/privacy/rights.server.ts).
 */
import { Link, useSearchParams } from "@remix-run/react";
import { labelOf } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import type { PrivacyRequestKind, PrivacyRequestStatus } from "~/models/privacy/requests";
import { formatDate } from "~/utils/dates";

export interface RightsSectionData {
  restricted: boolean;
  anonymised: boolean;
  pendingEmail: string | null;
  requests: {
    id: number;
    kind: PrivacyRequestKind;
    status: PrivacyRequestStatus;
    reason: string;
    created_at: string;
    due_on: string;
    answer: string | null;
  }[];
}

export function RightsSection({ code, token, rights }: { code: string; token: string; rights: RightsSectionData }) {
  const t = useT().rights;
  const lang = useLang();
  const [params] = useSearchParams();
  const done = labelOf(t.track.done, params.get("rights"));
  const q = `?t=${encodeURIComponent(token)}`;
  const base = `/track/${encodeURIComponent(code)}`;
  return (
    <section aria-labelledby="rights-section-title" className="rights no-print">
      <h2 id="rights-section-title">{t.track.title}</h2>
      {done ? (
        <p className="notice ok" role="status">
          {done}
        </p>
      ) : null}
      {rights.anonymised ? <p className="notice">{t.track.anonymised}</p> : null}
      {rights.restricted && !rights.anonymised ? <p className="notice">{t.track.restricted}</p> : null}
      {rights.pendingEmail ? <p className="notice">{t.track.pendingEmail(rights.pendingEmail)}</p> : null}
      <p>{t.track.intro}</p>
      <ul>
        <li>
          <a href={`${base}/data.zip${q}`} download rel="noreferrer">
            {t.track.download}
          </a>{" "}
          <span className="hint">{t.track.downloadHint}</span>
        </li>
        {rights.anonymised ? null : (
          <li>
            <Link to={`${base}/rights${q}`}>{t.track.manage}</Link>
          </li>
        )}
      </ul>
      {rights.requests.length > 0 ? (
        <>
          <h3>{t.track.requests}</h3>
          <ul className="privacy-requests">
            {rights.requests.map((r) => (
              <li key={r.id} data-status={r.status}>
                <strong>{t.track.requestLine(t.kinds[r.kind], formatDate(r.created_at, lang))}</strong>: {t.statuses[r.status]}
                {r.status === "pending" ? <span className="hint"> — {t.track.due(formatDate(r.due_on, lang))}</span> : null}
                {r.answer ? (
                  <p className="pre-wrap">
                    {t.track.answer}: {r.answer}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
