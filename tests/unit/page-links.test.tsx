/**
 * Links of pages that ship no JavaScript are plain anchors (app/components/page-links.tsx). They must lead to the same
 * place and mark the current page as the router's links would.
 */
import { NavLink } from "@remix-run/react";
import { MemoryRouter } from "react-router-dom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DocumentPage, PageLink, PageNavLink } from "~/components/page-links";

const at = (path: string, node: JSX.Element, document = true) =>
  renderToStaticMarkup(
    <MemoryRouter initialEntries={[path]}>
      <DocumentPage.Provider value={document}>{node}</DocumentPage.Provider>
    </MemoryRouter>,
  );
const current = (html: string) => html.includes('aria-current="page"');

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
    const pages = ["/", "/initiatives", "/initiatives/abc", "/Initiatives", "/initiatives-old", "/staff", "/staff/queue", "/submit"];
    const targets: [string, boolean][] = [
      ["/", true],
      ["/", false],
      ["/initiatives", false],
      ["/initiatives", true],
      ["/staff", false],
      ["/staff/", false],
    ];
    for (const page of pages)
      for (const [to, end] of targets) {
        const ours = at(
          page,
          <PageNavLink to={to} end={end}>
            x
          </PageNavLink>,
        );
        const router = at(
          page,
          <NavLink to={to} end={end}>
            x
          </NavLink>,
          false,
        );
        expect([page, to, end, current(ours)]).toEqual([page, to, end, current(router)]);
        expect(ours.includes('class="active"')).toBe(current(ours));
      }
  });

  it("are the router's links on pages that hydrate", () => {
    expect(at("/staff", <PageNavLink to="/staff">Cán bộ</PageNavLink>, false)).toContain('data-discover="true"');
    expect(at("/staff", <PageLink to="/staff/queue">Hồ sơ</PageLink>, false)).toContain('data-discover="true"');
  });
});
