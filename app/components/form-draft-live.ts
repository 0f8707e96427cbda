/**
 * The draft's work on the page (form-draft.ts): read and restore once, save as the person types, ask before leaving
 * with text not sent. Loaded after the page runs, so the page's script stays small; until it arrives nothing is
 * stored, and nothing can be lost yet.
 */
type Values = Record<string, string | boolean>;

interface Stored {
  v: 1;
  savedAt: number;
  values: Values;
}

function read(key: string): Stored | null {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(key) ?? "null") as Stored | null;
    return parsed && parsed.v === 1 && typeof parsed.values === "object" ? parsed : null;
  } catch {
    return null;
  }
}

/** The fields `keep` names (an allow-list: a file input or a hidden field is never among them). */
function fields(form: HTMLFormElement, keep: (name: string) => boolean) {
  return Array.from(form.elements).filter(
    (el): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
      (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && keep(el.name),
  );
}

function collect(form: HTMLFormElement, keep: (name: string) => boolean): Values {
  const values: Values = {};
  for (const el of fields(form, keep)) {
    if (el instanceof HTMLInputElement && el.type === "radio") {
      if (el.checked) values[el.name] = el.value;
    } else if (el instanceof HTMLInputElement && el.type === "checkbox") {
      values[el.name] = el.checked;
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

function hasText(values: Values): boolean {
  return Object.values(values).some((v) => typeof v === "string" && v.trim() !== "");
}

/** Puts the values back; radios and checkboxes are clicked, so the page's own handlers see the change. */
function apply(form: HTMLFormElement, keep: (name: string) => boolean, values: Values) {
  for (const el of fields(form, keep)) {
    const value = values[el.name];
    if (value === undefined) continue;
    if (el instanceof HTMLInputElement && el.type === "radio") {
      if (el.value === value && !el.checked) el.click();
    } else if (el instanceof HTMLInputElement && el.type === "checkbox") {
      if (el.checked !== value) el.click();
    } else if (typeof value === "string") {
      el.value = value;
      // The counters listen for input.
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
}

export interface DraftLive {
  discard: () => void;
  sent: () => void;
  stop: () => void;
}

export function keepDraft(
  el: HTMLFormElement,
  key: string,
  keep: (name: string) => boolean,
  restored: (savedAt: number | null) => void,
): DraftLive {
  let unsent = false;
  let leaving = false;
  const draft = read(key);
  if (draft && hasText(draft.values)) {
    apply(el, keep, draft.values);
    unsent = true;
    restored(draft.savedAt);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const forget = () => {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing stored
    }
  };
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (leaving) return;
      const values = collect(el, keep);
      try {
        if (hasText(values)) window.localStorage.setItem(key, JSON.stringify({ v: 1, savedAt: Date.now(), values } satisfies Stored));
        else window.localStorage.removeItem(key);
      } catch {
        // Storage full or refused (private mode): the form still works, only without a draft.
      }
    }, 400);
  };
  const changed = (e: Event) => {
    const target = e.target as HTMLInputElement | null;
    if (!target?.name || !keep(target.name)) return;
    unsent = hasText(collect(el, keep));
    save();
  };
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!unsent || leaving) return;
    e.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    e.returnValue = "";
  };
  el.addEventListener("input", changed);
  el.addEventListener("change", changed);
  window.addEventListener("beforeunload", beforeUnload);
  return {
    discard() {
      forget();
      // The restored text goes too: the person asked for the form as it was before.
      const blank: Values = {};
      for (const f of fields(el, keep)) {
        if (f.type !== "radio") blank[f.name] = f.type === "checkbox" ? false : "";
        else if ((f as HTMLInputElement).defaultChecked) blank[f.name] = f.value;
      }
      apply(el, keep, blank);
      unsent = false;
      restored(null);
    },
    sent() {
      leaving = true;
      unsent = false;
      forget();
    },
    stop() {
      clearTimeout(timer);
      el.removeEventListener("input", changed);
      el.removeEventListener("change", changed);
      window.removeEventListener("beforeunload", beforeUnload);
    },
  };
}
