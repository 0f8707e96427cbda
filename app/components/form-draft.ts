/**
 * A long form's draft, kept in this browser only (localStorage), so a reload, a closed tab or a lost connection
 * does not lose an hour of writing. Only the fields `keep` allows are written: the initiative's content, never
 * the person's name, email or phone (a ward office's shared computer keeps what is stored) and never files
 * (a browser cannot give them back). The draft is restored once, when the page opens; it goes when the form is
 * sent successfully or the person discards it. While the form holds text not yet sent, leaving the page asks first.
 *
 * The fields stay plain uncontrolled inputs: without JavaScript nothing here runs and the form works as before.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

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

export interface FormDraft {
  /** when a draft was restored: its save time */
  restoredAt: number | null;
  /** forget the draft and leave the fields as they are */
  discard: () => void;
  /** the form was received: forget the draft and let the page go without asking */
  sent: () => void;
}

/**
 * `enabled` is false when the page shows the form again with the server's answer (its values are the ones sent).
 */
export function useFormDraft(
  form: RefObject<HTMLFormElement>,
  opts: { key: string; keep: (name: string) => boolean; enabled: boolean },
): FormDraft {
  const { key, keep, enabled } = opts;
  const [restoredAt, setRestoredAt] = useState<number | null>(null);
  const unsent = useRef(false);
  const leaving = useRef(false);

  useEffect(() => {
    const el = form.current;
    if (!el || !enabled) return;
    const draft = read(key);
    if (draft && hasText(draft.values)) {
      apply(el, keep, draft.values);
      unsent.current = true;
      setRestoredAt(draft.savedAt);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (leaving.current) return;
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
      unsent.current = hasText(collect(el, keep));
      save();
    };
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!unsent.current || leaving.current) return;
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = "";
    };
    el.addEventListener("input", changed);
    el.addEventListener("change", changed);
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      clearTimeout(timer);
      el.removeEventListener("input", changed);
      el.removeEventListener("change", changed);
      window.removeEventListener("beforeunload", beforeUnload);
    };
    // Once per page: the draft is read when the form first appears.
  }, [enabled]);

  const discard = useCallback(() => {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing stored
    }
    // The restored text goes too: the person asked for the form as it was before.
    const el = form.current;
    if (el) {
      const blank: Values = {};
      for (const f of fields(el, keep)) {
        if (f.type !== "radio") blank[f.name] = f.type === "checkbox" ? false : "";
        else if ((f as HTMLInputElement).defaultChecked) blank[f.name] = f.value;
      }
      apply(el, keep, blank);
    }
    unsent.current = false;
    setRestoredAt(null);
  }, [form, key, keep]);

  const sent = useCallback(() => {
    leaving.current = true;
    unsent.current = false;
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing stored
    }
  }, [key]);

  return { restoredAt, discard, sent };
}
