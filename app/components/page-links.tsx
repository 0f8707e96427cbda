import { useLocation, useNavigate } from "@remix-run/react";
import { createContext, useCallback, useContext, useRef, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";

type LinkClick = (event: MouseEvent<HTMLAnchorElement>) => void;

/**
 * How a page's links are followed. `null`: the page ships no JavaScript (a route's `handle = { hydrate: false }`,
 * root.tsx), so a link is an anchor and nothing more. Otherwise the router's navigation, one handler for the page.
 */
const LinkNavigation = createContext<LinkClick | null>(null);

/**
 * Links of a page that hydrates follow a plain left click through the router, as the router's `<Link>` does: a
 * modified click (new tab, download), another target or another origin is left to the browser.
 */
export function RouterLinks({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef("");
  here.current = location.pathname + location.search + location.hash;
  const onClick = useCallback<LinkClick>(
    (event) => {
      const a = event.currentTarget;
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      if ((a.target && a.target !== "_self") || a.hasAttribute("download") || a.origin !== window.location.origin) return;
      event.preventDefault();
      const to = a.pathname + a.search + a.hash;
      // The router's rule: a link to the page being shown replaces its history entry instead of adding one.
      navigate(to, { replace: to === here.current });
    },
    [navigate],
  );
  return <LinkNavigation.Provider value={onClick}>{children}</LinkNavigation.Provider>;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick"> & {
  /** an absolute path ("/initiatives?…"): the anchor is not resolved against its route */
  to: string;
};

/**
 * Where the router's `<Link>` would render `data-discover` (the router then learns the routes a page links to
 * before they are followed), and the click handler. Without a router (a document page) neither.
 */
function useRouterAttributes() {
  const onClick = useContext(LinkNavigation);
  return onClick ? { "data-discover": "true", onClick } : {};
}

/**
 * A link: the same anchor as the router's `<Link>` renders, without its cost. The router's link resolves its path
 * against its route and runs about ten hooks to do so; a results page or the staff queue has forty links or more,
 * which cost about a tenth of its rendering time. These take an absolute path and one shared click handler.
 */
export function PageLink({ to, children, ...rest }: LinkProps) {
  return (
    <a href={to} {...useRouterAttributes()} {...rest}>
      {children}
    </a>
  );
}

/**
 * A navigation link marked `aria-current="page"` and `class="active"` where it leads to the page being shown (with
 * `end`, only that exact path; otherwise that path and the paths below it), as the router's NavLink marks it.
 */
export function PageNavLink({ to, end = false, children, ...rest }: LinkProps & { end?: boolean }) {
  const pathname = useLocation().pathname;
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  const active = here === target || (!end && target !== "/" && here.startsWith(`${target.replace(/\/$/, "")}/`));
  return (
    <a href={to} {...(active ? { "aria-current": "page" as const, className: "active" } : {})} {...useRouterAttributes()} {...rest}>
      {children}
    </a>
  );
}
