/** What the reviewer copy adds to the texts on a review page: the request for information, the reply, the forwarded files. */
import "~/i18n/sections/redaction";
import { useLang, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/utils/dates";

export interface Supplement {
  exchange: { eventId: number; from: "staff" | "submitter"; at: string; message: string }[];
  files: { id: number; filename: string; size: number }[];
}

export function ReviewerSupplement({ assignmentId, supplement }: { assignmentId: number; supplement: Supplement }) {
  const t = useT().redaction.supplement;
  const lang = useLang();
  return (
    <>
      {supplement.exchange.length > 0 ? (
        <section aria-labelledby="supplement-heading">
          <h3 id="supplement-heading">{t.exchange}</h3>
          <p className="hint">{t.exchangeHint}</p>
          <ul className="timeline">
            {supplement.exchange.map((e) => (
              <li key={e.eventId}>
                <strong>{e.from === "staff" ? t.request : t.reply}</strong> · {formatDateTime(e.at, lang)}
                <p className="pre-wrap">{e.message}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {supplement.files.length > 0 ? (
        <section aria-labelledby="forwarded-heading">
          <h3 id="forwarded-heading">{t.files}</h3>
          <ul>
            {supplement.files.map((f) => (
              <li key={f.id}>
                <a href={`/staff/reviews/${assignmentId}/files/${f.id}`} aria-label={t.download(f.filename)}>
                  {f.filename}
                </a>{" "}
                ({Math.max(1, Math.round(f.size / 1024))} KB)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
