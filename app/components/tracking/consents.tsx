/**
 * The consents on the private tracking page: the submitter's consent to processing (explained, with the ways to
 * end it: withdrawing the initiative or asking for erasure) and each person's consent to publishing their name,
 * with a link to withdraw it. Withdrawing goes through a confirmation page (track_.$code_.consents.tsx), so it
 * works the same with and without JavaScript.
 */
import "~/i18n/sections/consent";
import { useLocation } from "@remix-run/react";
import { useLang, useT } from "~/i18n/use-t";
import type { ConsentView } from "~/models/consent/consents.server";
import { formatDate } from "~/utils/dates";

export interface ConsentsSectionProps {
  code: string;
  token: string;
  consents: ConsentView;
  /** the initiative can still be withdrawn (no decision yet): the page's withdrawal section is there */
  canWithdraw: boolean;
}

export function ConsentsSection({ code, token, consents, canWithdraw }: ConsentsSectionProps) {
  const t = useT().consent.tracking;
  const lang = useLang();
  const location = useLocation();
  const justWithdrawn = Number(new URLSearchParams(location.search).get("withdrawn") ?? "-1");
  const done = consents.find((c) => c.purpose === "publish_name" && c.position === justWithdrawn && !c.given);
  const processing = consents.find((c) => c.purpose === "processing");
  const names = consents.filter((c) => c.purpose === "publish_name");
  const confirmUrl = (position: number) => `/track/${encodeURIComponent(code)}/consents?t=${encodeURIComponent(token)}&person=${position}`;
  const state = (c: ConsentView[number]) =>
    c.given ? t.given(formatDate(c.at, lang)) : c.withdrawn ? t.withdrawn(formatDate(c.at, lang)) : t.refused;

  return (
    <section aria-labelledby="consents-title" id="consents" className="consents">
      <h2 id="consents-title">{t.title}</h2>
      {done ? (
        <p className="notice ok" role="status">
          {t.done(done.name)}
        </p>
      ) : null}
      <p>{t.intro}</p>
      <dl className="facts">
        {processing ? (
          <div className="consent-processing">
            <dt>{t.processing}</dt>
            <dd>
              {state(processing)} <span className="hint">({t.noticeVersion(processing.noticeVersion)})</span>
              <p className="hint">{t.processingExplain}</p>
              <p className="inline-actions">
                {canWithdraw ? <a href="#withdraw-title">{t.processingWithdrawLink}</a> : null}
                {canWithdraw ? " · " : null}
                <a href="/privacy#rights">{t.processingEraseLink}</a>
              </p>
            </dd>
          </div>
        ) : null}
        {names.map((c) => (
          <div key={c.position} className="consent-person">
            <dt>
              {t.publishName}: <span lang="vi">{t.person(c.name, c.position)}</span>
            </dt>
            <dd>
              {state(c)} {c.given ? <span className="hint">({t.noticeVersion(c.noticeVersion)})</span> : null}
              {c.given ? (
                <p>
                  <a className="button secondary" href={confirmUrl(c.position)} aria-label={t.withdrawFor(c.name)} rel="nofollow">
                    {t.withdraw}
                  </a>
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {names.some((c) => c.position > 0) ? <p className="hint">{t.coAuthorNote}</p> : null}
    </section>
  );
}
