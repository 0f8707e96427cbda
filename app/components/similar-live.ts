/**
 * The similar list's typing behaviour (components/similar-initiatives.tsx), loaded after the page runs: it asks
 * /submit/similar as the title and the problem are typed (debounced; a newer request cancels the older), and shows
 * the answer after the field last typed in.
 */
import type { SimilarPublished } from "~/models/duplicates/similar.server";
import type { SimilarAt, SimilarShown } from "./similar-initiatives";

const DEBOUNCE_MS = 400;
/** Fewer characters than this in the title say too little to compare. */
const MIN_TITLE = 8;

export interface SimilarLive {
  /** the "check" button of the list's place `at`: asks now, even if nothing changed */
  check: (at: SimilarAt) => void;
  stop: () => void;
}

export function followTyping(
  form: HTMLFormElement,
  show: { busy: (at: SimilarAt | null) => void; shown: (shown: SimilarShown) => void },
): SimilarLive {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | null = null;
  let last = "";

  const value = (name: string) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : "";
  };

  async function check(at: SimilarAt, force: boolean) {
    const typed = { title: value("title"), problem: value("problem") };
    const key = `${at}\n${typed.title}\n${typed.problem}`;
    if (!force && key === last) return;
    last = key;
    if (typed.title.trim().length < MIN_TITLE && typed.problem.trim().length < MIN_TITLE) {
      if (force) show.shown({ at, items: [] });
      return;
    }
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    show.busy(at);
    try {
      const params = new URLSearchParams({ title: typed.title, problem: typed.problem.slice(0, 4000) });
      const res = await fetch(`/submit/similar?${params}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!res.ok) return;
      const body = (await res.json()) as { items: SimilarPublished[] };
      show.shown({ at, items: body.items });
    } catch {
      // A lost or superseded request: the list stays as it was; the button still works.
    } finally {
      if (pending === controller) show.busy(null);
    }
  }

  const onInput = (e: Event) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name !== "title" && name !== "problem") return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(name, false), DEBOUNCE_MS);
  };
  form.addEventListener("input", onInput);
  return {
    check: (at) => void check(at, true),
    stop: () => {
      form.removeEventListener("input", onInput);
      clearTimeout(timer);
      pending?.abort();
    },
  };
}
