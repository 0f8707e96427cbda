/**
 * What an action just did, said after its redirect: a live region that takes the focus, so a screen reader reads
 * it and the keyboard continues from it (without it focus is left on <body>). The words come from the glossary of
 * the staff dictionary (`staff.glossary`), so the same action is named the same way on every page.
 */
import { useEffect, useRef } from "react";
import { useLocation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

export function ActionFeedback({ message }: { message: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  const location = useLocation();
  const label = useT().staff.glossary.feedback;
  // Each arrival (a new history entry) with a message focuses it once; a re-render does not steal focus back.
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message, location.key]);
  if (!message) return null;
  return (
    <p ref={ref} className="notice ok action-feedback" role="status" aria-label={label} tabIndex={-1} data-feedback="">
      {message}
    </p>
  );
}

type Glossary = ReturnType<typeof useT>["staff"]["glossary"];

/**
 * The message for `?done=…` after a redirect, from the glossary: `done` names the action; an assignment also
 * carries how many (`n`) and the due date (`due`, YYYY-MM-DD). Unknown values say nothing rather than something wrong.
 */
export function feedbackFor(params: URLSearchParams, g: Glossary, formatDay: (date: string) => string): string | null {
  const done = params.get("done");
  switch (done) {
    case "assign":
    case "add_reviewer": {
      const n = Number(params.get("n"));
      const due = params.get("due") ?? "";
      if (!Number.isInteger(n) || n < 1 || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return g.updated;
      return g[done](n, formatDay(due));
    }
    case "screen":
    case "needs_info":
    case "reject":
    case "council":
    case "note":
    case "recognised":
    case "not_recognised":
    case "published":
    case "notifications":
      return g[done];
    default:
      return done ? g.updated : null;
  }
}
