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
import type { DraftLive } from "./form-draft-live";

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
 * The work itself (form-draft-live.ts) loads after the page runs: the page's script has a budget.
 */
export function useFormDraft(
  form: RefObject<HTMLFormElement>,
  opts: { key: string; keep: (name: string) => boolean; enabled: boolean },
): FormDraft {
  const { key, keep, enabled } = opts;
  const [restoredAt, setRestoredAt] = useState<number | null>(null);
  const live = useRef<DraftLive | null>(null);

  useEffect(() => {
    const el = form.current;
    if (!el || !enabled) return;
    let stopped = false;
    void import("./form-draft-live").then((m) => {
      if (!stopped) live.current = m.keepDraft(el, key, keep, setRestoredAt);
    });
    return () => {
      stopped = true;
      live.current?.stop();
    };
    // Once per page: the draft is read when the form first appears.
  }, [enabled]);

  const discard = useCallback(() => live.current?.discard(), []);
  const sent = useCallback(() => {
    if (live.current) live.current.sent();
    else
      try {
        // Sent before the draft's code arrived: nothing was saved from this page, but an older draft must go too.
        window.localStorage.removeItem(key);
      } catch {
        // nothing stored
      }
  }, [key]);

  return { restoredAt, discard, sent };
}
