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
