/**
 * The app's links (app/components/page-links.tsx) render what the router's links render, at a fraction of the cost:
 * plain anchors on pages that ship no JavaScript, the router's own anchor (with `data-discover`) on pages that hydrate.
 */
import { Link, NavLink } from "@remix-run/react";
import { MemoryRouter } from "react-router-dom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageLink, PageNavLink, RouterLinks } from "~/components/page-links";

const at = (path: string, node: JSX.Element, hydrates = false) =>
  renderToStaticMarkup(
    <MemoryRouter initialEntries={[path]}>
      <RouterLinks enabled={hydrates}>{node}</RouterLinks>
    </MemoryRouter>,
  );
const current = (html: string) => html.includes('aria-current="page"');
/**
 * An element's attributes in a fixed order (React writes them in the order given, which means nothing), without the
 * empty `class=""` the router's NavLink writes on a link that is not current.
 */
const attributes = (html: string) =>
  [...html.matchAll(/ ([a-z-]+)="([^"]*)"/g)]
    .map((m) => `${m[1]}=${m[2]}`)
    .filter((a) => a !== "class=")
    .sort();

const pages = ["/", "/initiatives", "/initiatives/abc", "/Initiatives", "/initiatives-old", "/staff", "/staff/queue", "/submit"];
const targets: [string, boolean][] = [
  ["/", true],
  ["/", false],
  ["/initiatives", false],
  ["/initiatives", true],
  ["/staff", false],
  ["/staff/", false],
];

/** Every page and target pair, with our navigation link (on a page that hydrates or not) and the router's NavLink. */
const navLinkPairs = (hydrates: boolean) =>
  pages.flatMap((page) =>
    targets.map(([to, end]) => ({
      page,
      to,
      end,
      ours: at(
        page,
        <PageNavLink to={to} end={end}>
          x
        </PageNavLink>,
        hydrates,
      ),
      router: at(
        page,
        <NavLink to={to} end={end}>
          x
        </NavLink>,
      ),
    })),
  );

describe("links of document pages", () => {
  it("are anchors with the path and attributes given", () => {
    expect(
      at(
        "/",
        <PageLink to="/initiatives?q=thu+tuc" rel="next" aria-label="Sau">
          Sau
        </PageLink>,
      ),
    ).toBe('<a href="/initiatives?q=thu+tuc" rel="next" aria-label="Sau">Sau</a>');
  });

  it("mark the current page where the router's NavLink does", () => {
    for (const { page, to, end, ours, router } of navLinkPairs(false)) {
      expect([page, to, end, current(ours)]).toEqual([page, to, end, current(router)]);
      expect(ours.includes('class="active"')).toBe(current(ours));
    }
  });

  it("keep a class of their own beside the current page's", () => {
    expect(
      at(
        "/staff",
        <PageNavLink to="/staff" className="button">
          x
        </PageNavLink>,
      ),
    ).toContain('class="button active"');
    expect(
      at(
        "/submit",
        <PageNavLink to="/staff" className="button">
          x
        </PageNavLink>,
      ),
    ).toContain('class="button"');
  });
});

describe("links of pages that hydrate", () => {
  it("render the router's anchor, data-discover included, so that hydration finds what the server sent", () => {
    for (const to of [
      "/staff/initiatives/SK-2026-000123",
      "/staff?view=all&status=in_review&unit=12",
      "/initiatives?q=th%E1%BB%A7+t%E1%BB%A5c#x",
    ]) {
      const ours = at(
        "/staff",
        <PageLink to={to} rel="next" aria-current="page">
          x
        </PageLink>,
        true,
      );
      const router = at(
        "/staff",
        <Link to={to} rel="next" aria-current="page">
          x
        </Link>,
      );
      expect(attributes(ours)).toEqual(attributes(router));
      expect(ours).toContain('data-discover="true"');
    }
    for (const { page, to, end, ours, router } of navLinkPairs(true))
      expect([page, to, end, attributes(ours)]).toEqual([page, to, end, attributes(router)]);
  });
});
