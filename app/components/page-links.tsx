import { useLocation, useNavigate } from "@remix-run/react";
import { createContext, useCallback, useContext, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";

type LinkClick = (event: MouseEvent<HTMLAnchorElement>) => void;

/**
 * How a page's links are followed. `null`: the page ships no JavaScript (a route's `handle = { hydrate: false }`,
 * root.tsx), so a link is an anchor and nothing more. Otherwise the router's navigation, one handler for the page.
 */
const LinkNavigation = createContext<LinkClick | null>(null);

/**
 * Links of a page that hydrates (`enabled`) follow a plain left click through the router, as the router's `<Link>`
 * does: a modified click (new tab, download), another target or another origin is left to the browser. The same
 * element either way, so that moving between a page with scripts and one without keeps the layout mounted.
 */
export function RouterLinks({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const onClick = useCallback<LinkClick>(
    (event) => {
      const a = event.currentTarget;
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      if ((a.target && a.target !== "_self") || a.hasAttribute("download") || a.origin !== window.location.origin) return;
      event.preventDefault();
      const to = a.pathname + a.search + a.hash;
      // The router's rule: a link to the page being shown replaces its history entry instead of adding one.
      navigate(to, { replace: to === location.pathname + location.search + location.hash });
    },
    [navigate, location],
  );
  return <LinkNavigation.Provider value={enabled ? onClick : null}>{children}</LinkNavigation.Provider>;
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
  const router = useRouterAttributes();
  return (
    <a href={to} {...router} {...rest}>
      {children}
    </a>
  );
}

/**
 * A navigation link marked `aria-current="page"` and `class="active"` where it leads to the page being shown (with
 * `end`, only that exact path; otherwise that path and the paths below it), as the router's NavLink marks it.
 */
export function PageNavLink({ to, end = false, className, children, ...rest }: LinkProps & { end?: boolean }) {
  const pathname = useLocation().pathname;
  const router = useRouterAttributes();
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  const active = here === target || (!end && target !== "/" && here.startsWith(`${target.replace(/\/$/, "")}/`));
  const classes = [className, active ? "active" : null].filter(Boolean).join(" ") || undefined;
  return (
    <a href={to} aria-current={active ? "page" : undefined} className={classes} {...router} {...rest}>
      {children}
    </a>
  );
}
