/**
 * "There may already be a similar initiative" on the submission form: published initiatives like the title and
 * problem typed so far, with the shared words marked. One list, shown after the field the person is at: after the
 * title while they type the title, after the problem once they type the problem (the list then also weighs the
 * problem); each place has its own polite live region, so the list is announced where it appears, and the keyboard
 * reaches its links right after that field. With JavaScript the list follows the typing (debounced, from
 * /submit/similar); without it, each place's "check" button posts the form with intent=check-similar and the page
 * comes back filled, with the list at that button's place (routes/submit.tsx). Never an unpublished initiative.
 * See docs/decisions/036-duplicates.md.
 */
import "~/i18n/sections/citizen.page";
import { useEffect, useRef, useState, type MouseEvent, type RefObject } from "react";
import { dictionaryFor, type Lang } from "~/i18n/index";
import type { SimilarPublished } from "~/models/duplicates/similar.server";
import type { SimilarLive } from "./similar-live";

/** The field the list follows. */
export type SimilarAt = "title" | "problem";
export interface SimilarShown {
  at: SimilarAt;
  items: SimilarPublished[];
}

export interface Similar {
  shown: SimilarShown | null;
  busy: SimilarAt | null;
  live: RefObject<SimilarLive | null>;
}

export function useSimilar(form: RefObject<HTMLFormElement>, initial: SimilarShown | null): Similar {
  const [shown, setShown] = useState(initial);
  const [busy, setBusy] = useState<SimilarAt | null>(null);
  const live = useRef<SimilarLive | null>(null);
  useEffect(() => {
    const el = form.current;
    if (!el) return;
    let stopped = false;
    // The typing behaviour arrives after the page runs: the form works without it, and the page's script stays small.
    void import("./similar-live").then((m) => {
      if (!stopped) live.current = m.followTyping(el, { busy: setBusy, shown: setShown });
    });
    return () => {
      stopped = true;
      live.current?.stop();
    };
  }, [form]);
  return { shown, busy, live };
}

export function SimilarInitiatives({ lang, at, similar, action }: { lang: Lang; at: SimilarAt; similar: Similar; action: string }) {
  const t = dictionaryFor(lang).citizen.similar;
  const items = similar.shown?.at === at ? similar.shown.items : null;
  const id = `similar-${at}`;

  function onClick(e: MouseEvent<HTMLButtonElement>) {
    // With JavaScript the list comes without posting the form (which would drop the chosen files).
    if (!similar.live.current) return;
    e.preventDefault();
    similar.live.current.check(at);
  }

  return (
    <div className="similar-initiatives" id={id}>
      <div role="status" aria-live="polite" className="similar-status">
        {similar.busy === at ? <p className="hint">{t.checking}</p> : null}
        {items?.length ? (
          <section aria-labelledby={`${id}-title`} className="notice">
            <h3 id={`${id}-title`}>{t.title}</h3>
            <p>
              {t.found(items.length)} {t.intro}
            </p>
            <ul aria-labelledby={`${id}-title`}>
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
      {/* Without JavaScript the answer comes back with the list here, and the page opens at it. */}
      <button
        type="submit"
        name="intent"
        value="check-similar"
        formAction={at === "title" ? undefined : `${action}?similar=${at}#${id}`}
        formNoValidate
        className="secondary"
        onClick={onClick}
      >
        {t.check}
      </button>
    </div>
  );
}
