import { Link, NavLink, useLocation } from "@remix-run/react";
import { createContext, useContext, type AnchorHTMLAttributes } from "react";

/**
 * Whether the page being rendered ships no JavaScript (a route's `handle = { hydrate: false }`, root.tsx). There a
 * link is an anchor and nothing more: no router will ever read it.
 */
export const DocumentPage = createContext(false);

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  /** an absolute path ("/initiatives?…"): a document page's anchor is not resolved against its route */
  to: string;
};

/**
 * A link: the router's on pages that hydrate (client navigation), a plain anchor on document pages. The router's link
 * renders the same anchor there, but resolves its path and runs several hooks to do so; a results page has forty links,
 * which cost about a twentieth of its rendering time.
 */
export function PageLink({ to, children, ...rest }: LinkProps) {
  if (useContext(DocumentPage))
    return (
      <a href={to} {...rest}>
        {children}
      </a>
    );
  return (
    <Link to={to} {...rest}>
      {children}
    </Link>
  );
}

/**
 * A navigation link marked `aria-current="page"` and `class="active"` where it leads to the page being shown (with
 * `end`, only that exact path; otherwise that path and the paths below it), as the router's NavLink marks it.
 */
export function PageNavLink({ to, end = false, children, ...rest }: LinkProps & { end?: boolean }) {
  const document = useContext(DocumentPage);
  const pathname = useLocation().pathname;
  if (!document)
    return (
      <NavLink to={to} end={end} {...rest}>
        {children}
      </NavLink>
    );
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  const active = here === target || (!end && target !== "/" && here.startsWith(`${target.replace(/\/$/, "")}/`));
  return (
    <a href={to} {...(active ? { "aria-current": "page" as const, className: "active" } : {})} {...rest}>
      {children}
    </a>
  );
}
