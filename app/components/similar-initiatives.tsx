/**
 * "There may already be a similar initiative" on the submission form: published initiatives like the title and
 * problem typed so far, with the shared words marked. With JavaScript the list follows the typing (debounced, from
 * /submit/similar) in a polite live region; without it, the "check" button posts the form with intent=check-similar
 * and the page comes back filled, with the list (routes/submit.tsx). Never an unpublished initiative.
 */
import "~/i18n/sections/citizen.page";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { dictionaryFor, type Lang } from "~/i18n/index";
import type { SimilarPublished } from "~/models/duplicates/similar.server";
import type { SimilarLive } from "./similar-live";

export function SimilarInitiatives({ lang, initial }: { lang: Lang; initial: SimilarPublished[] | null }) {
  const t = dictionaryFor(lang).citizen.similar;
  const [items, setItems] = useState<SimilarPublished[] | null>(initial);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const live = useRef<SimilarLive | null>(null);

  useEffect(() => {
    const form = box.current?.closest("form");
    if (!form) return;
    let stopped = false;
    // The typing behaviour arrives after the page runs: the form works without it, and the page's script stays small.
    void import("./similar-live").then((m) => {
      if (!stopped) live.current = m.followTyping(form, { busy: setBusy, items: setItems });
    });
    return () => {
      stopped = true;
      live.current?.stop();
    };
  }, []);

  function onClick(e: MouseEvent<HTMLButtonElement>) {
    // With JavaScript the list comes without posting the form (which would drop the chosen files).
    if (!live.current) return;
    e.preventDefault();
    live.current.check(true);
  }

  return (
    <div className="similar-initiatives" ref={box}>
      <div role="status" aria-live="polite" className="similar-status">
        {busy ? <p className="hint">{t.checking}</p> : null}
        {items && items.length > 0 ? (
          <section aria-labelledby="similar-title" className="notice">
            <h3 id="similar-title">{t.title}</h3>
            <p>
              {t.found(items.length)} {t.intro}
            </p>
            <ul>
              {items.map((s) => (
                <li key={s.slug}>
                  <a href={`/initiatives/${s.slug}`} target="_blank" rel="noreferrer" lang="vi">
                    {s.titleParts.map((part, k) => (part.mark ? <mark key={k}>{part.text}</mark> : part.text))}
                  </a>{" "}
                  <span className="hint">({t.score(Math.round(s.score * 100))})</span>
                </li>
              ))}
            </ul>
          </section>
        ) : items ? (
          <p className="hint">{t.none}</p>
        ) : null}
      </div>
      <button type="submit" name="intent" value="check-similar" formNoValidate className="secondary" onClick={onClick}>
        {t.check}
      </button>
    </div>
  );
}
