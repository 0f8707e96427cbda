/**
 * "There may already be a similar initiative" on the submission form: published initiatives like the title and
 * problem typed so far, with the shared words marked. With JavaScript the list follows the typing (debounced, from
 * /submit/similar) in a polite live region; without it, the "check" button posts the form with intent=check-similar
 * and the page comes back filled, with the list (routes/submit.tsx). Never an unpublished initiative.
 */
import "~/i18n/sections/duplicates";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { dictionaryFor, type Lang } from "~/i18n/index";
import type { SimilarPublished } from "~/models/duplicates/similar.server";
import { Highlight } from "./highlight";

const DEBOUNCE_MS = 400;
/** Fewer characters than this in the title say too little to compare. */
const MIN_TITLE = 8;

export function SimilarInitiatives({ lang, initial }: { lang: Lang; initial: SimilarPublished[] | null }) {
  const t = dictionaryFor(lang).duplicates.submit;
  const [items, setItems] = useState<SimilarPublished[] | null>(initial);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const pending = useRef<AbortController | null>(null);
  const last = useRef("");

  function read(): { title: string; problem: string } | null {
    const form = box.current?.closest("form");
    if (!form) return null;
    const value = (name: string) => {
      const el = form.elements.namedItem(name);
      return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : "";
    };
    return { title: value("title"), problem: value("problem") };
  }

  async function check(force = false) {
    const typed = read();
    if (!typed) return;
    const key = `${typed.title}\n${typed.problem}`;
    if (!force && key === last.current) return;
    last.current = key;
    if (typed.title.trim().length < MIN_TITLE && typed.problem.trim().length < MIN_TITLE) {
      if (force) setItems([]);
      return;
    }
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    try {
      const params = new URLSearchParams({ title: typed.title, problem: typed.problem.slice(0, 4000) });
      const res = await fetch(`/submit/similar?${params}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!res.ok) return;
      const body = (await res.json()) as { items: SimilarPublished[] };
      setItems(body.items);
    } catch {
      // A lost or superseded request: the list stays as it was; the button still works.
    } finally {
      if (pending.current === controller) setBusy(false);
    }
  }

  useEffect(() => {
    const form = box.current?.closest("form");
    if (!form) return;
    const onInput = (e: Event) => {
      const name = (e.target as HTMLInputElement | null)?.name;
      if (name !== "title" && name !== "problem") return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void check(), DEBOUNCE_MS);
    };
    form.addEventListener("input", onInput);
    return () => {
      form.removeEventListener("input", onInput);
      clearTimeout(timer.current);
      pending.current?.abort();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  function onClick(e: MouseEvent<HTMLButtonElement>) {
    // With JavaScript the list comes without posting the form (which would drop the chosen files).
    e.preventDefault();
    void check(true);
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
                    <Highlight text={s.title} terms={s.shared} />
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
