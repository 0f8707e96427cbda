// @vitest-environment jsdom
/**
 * On a page that hydrates, a click on one of the app's links (app/components/page-links.tsx) is followed by the router,
 * as a click on the router's `<Link>` is: no new document for a plain click, the browser's own way for the rest.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { PageLink, PageNavLink, RouterLinks } from "~/components/page-links";

afterEach(cleanup);

function app(start = "/staff") {
  const page = (name: string) => (
    <RouterLinks enabled>
      <h1>{name}</h1>
      <PageNavLink to="/staff" end>
        queue
      </PageNavLink>
      <PageLink to="/staff/initiatives/SK-2026-000001?tab=files#files">case</PageLink>
      <PageLink to="/staff">here</PageLink>
      <PageLink to="/staff/queue.xlsx" download>
        spreadsheet
      </PageLink>
      <PageLink to="/staff/initiatives/SK-2026-000001" target="_blank">
        new tab
      </PageLink>
    </RouterLinks>
  );
  const router = createMemoryRouter(
    [
      { path: "/staff", element: page("Queue") },
      { path: "/staff/initiatives/:code", element: page("Case") },
    ],
    { initialEntries: [start] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

/**
 * Clicks as a browser would and says whether the browser would still follow the link itself. It is then stopped
 * here, after the page's handlers: jsdom cannot load another document.
 */
function click(name: string, init: MouseEventInit = {}): boolean {
  let followed = false;
  const last = (event: Event) => {
    followed = !event.defaultPrevented;
    event.preventDefault();
  };
  window.addEventListener("click", last);
  fireEvent.click(screen.getByRole("link", { name }), { button: 0, ...init });
  window.removeEventListener("click", last);
  return followed;
}

describe("a link of a page that hydrates", () => {
  it("is followed by the router on a plain click, with its query and fragment", () => {
    const router = app();
    expect(click("case")).toBe(false);
    expect(screen.getByRole("heading").textContent).toBe("Case");
    const { pathname, search, hash } = router.state.location;
    expect([pathname, search, hash]).toEqual(["/staff/initiatives/SK-2026-000001", "?tab=files", "#files"]);
    expect(router.state.historyAction).toBe("PUSH");
    expect(screen.getByRole("link", { name: "queue" }).getAttribute("aria-current")).toBeNull();
    expect(click("queue")).toBe(false);
    expect(screen.getByRole("link", { name: "queue" }).getAttribute("aria-current")).toBe("page");
  });

  it("replaces the history entry when it leads to the page being shown, as the router's link does", () => {
    const router = app();
    click("here");
    expect(router.state.historyAction).toBe("REPLACE");
  });

  it("is left to the browser on a modified or other-button click, for a download and for another target", () => {
    const router = app();
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }])
      expect(click("case", init)).toBe(true);
    expect(click("spreadsheet")).toBe(true);
    expect(click("new tab")).toBe(true);
    expect(router.state.location.pathname).toBe("/staff");
    expect(router.state.historyAction).toBe("POP");
  });
});
