import type { ReactNode } from "react";

/**
 * The box a wide table scrolls in on a narrow screen, so the page itself never scrolls sideways. It takes keyboard
 * focus (a keyboard user can scroll it with the arrow keys) and is a named region, so the extra tab stop says what it is.
 */
export function TableScroll({ label, labelledBy, children }: { label?: string; labelledBy?: string; children: ReactNode }) {
  return (
    // A scrolling region is the one non-interactive element that needs focus: without it the keyboard cannot scroll it.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" role="region" tabIndex={0} aria-label={labelledBy ? undefined : label} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
