/**
 * The similar list's typing behaviour (components/similar-initiatives.tsx), loaded after the page runs: it asks
 * /submit/similar as the title and the problem are typed (debounced; a newer request cancels the older).
 */
import type { SimilarPublished } from "~/models/duplicates/similar.server";

const DEBOUNCE_MS = 400;
/** Fewer characters than this in the title say too little to compare. */
const MIN_TITLE = 8;

export interface SimilarLive {
  check: (force: boolean) => void;
  stop: () => void;
}

export function followTyping(
  form: HTMLFormElement,
  show: { busy: (busy: boolean) => void; items: (items: SimilarPublished[]) => void },
): SimilarLive {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | null = null;
  let last = "";

  const value = (name: string) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : "";
  };

  async function check(force: boolean) {
    const typed = { title: value("title"), problem: value("problem") };
    const key = `${typed.title}\n${typed.problem}`;
    if (!force && key === last) return;
    last = key;
    if (typed.title.trim().length < MIN_TITLE && typed.problem.trim().length < MIN_TITLE) {
      if (force) show.items([]);
      return;
    }
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    show.busy(true);
    try {
      const params = new URLSearchParams({ title: typed.title, problem: typed.problem.slice(0, 4000) });
      const res = await fetch(`/submit/similar?${params}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!res.ok) return;
      const body = (await res.json()) as { items: SimilarPublished[] };
      show.items(body.items);
    } catch {
      // A lost or superseded request: the list stays as it was; the button still works.
    } finally {
      if (pending === controller) show.busy(false);
    }
  }

  const onInput = (e: Event) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name !== "title" && name !== "problem") return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(false), DEBOUNCE_MS);
  };
  form.addEventListener("input", onInput);
  return {
    check: (force) => void check(force),
    stop: () => {
      form.removeEventListener("input", onInput);
      clearTimeout(timer);
      pending?.abort();
    },
  };
}
