import { Link } from "@remix-run/react";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/utils/dates";

export interface CityRecognitionView {
  year: number;
  certificateNumber: string;
  decidedAt: string;
}

/**
 * The city-level recognition (Bằng Sáng kiến Thủ đô) on the public initiative page, beside the base level's
 * decision: its own certificate number, verifiable on /certificates. Nothing when there is none.
 */
export function CityRecognition({ recognition }: { recognition: CityRecognitionView | null }) {
  const t = useT().city;
  const lang = useLang();
  if (!recognition) return null;
  const href = `/certificates/${encodeURIComponent(recognition.certificateNumber)}`;
  return (
    <section aria-labelledby="city-recognition-title" className="decision city-recognition">
      <h2 id="city-recognition-title">{t.publicTitle}</h2>
      <p className="commendation">
        <span className="badge badge-level">{t.publicRound(recognition.year)}</span>
      </p>
      <dl className="facts">
        <dt>{t.certificate}</dt>
        <dd>
          {recognition.certificateNumber}{" "}
          <span className="no-print">
            (<Link to={href}>{t.publicVerify}</Link>)
          </span>
        </dd>
        <dt>{t.decidedAt}</dt>
        <dd>
          <time dateTime={recognition.decidedAt}>{formatDate(recognition.decidedAt, lang)}</time>
        </dd>
      </dl>
    </section>
  );
}
