/**
 * The server matches routes through a patched @remix-run/router (patches/, decision 040 addendum): ranked branches and
 * the matches of each pathname are kept per routes array, path patterns compiled once; the static router's data routes
 * are made once per routes array (react-router-dom/server). These check that the kept answers are the router's answers.
 */
import { describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { createStaticHandler, createStaticRouter } from "react-router-dom/server";

function tree(): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "list", path: "initiatives" },
        { id: "detail", path: "initiatives/:slug" },
        { id: "new", path: "initiatives/new" },
        { id: "cert", path: "certificates/:year?/:n" },
        {
          id: "staff",
          path: "staff",
          children: [
            { id: "staff-home", index: true },
            { id: "staff-case", path: ":code" },
          ],
        },
        { id: "files", path: "files/*" },
        { id: "missing", path: "*" },
      ],
    },
  ];
}

const paths = [
  "/",
  "/initiatives",
  "/initiatives/",
  "/INITIATIVES",
  "/initiatives/new",
  "/initiatives/abc-1",
  "/certificates/2026/7",
  "/certificates/7",
  "/staff",
  "/staff/SK-1",
  "/files/a/b.pdf",
  "/nope/x",
  "/initiatives/a%20b",
];
const ids = (routes: AgnosticRouteObject[], path: string) =>
  matchRoutes(routes, path)?.map((m) => `${m.route.id}${JSON.stringify(m.params)}`) ?? null;

describe("route matching with kept branches", () => {
  it("answers every path as a fresh route tree does, however often and in whatever order it is asked", () => {
    const kept = tree();
    for (let round = 0; round < 3; round++) {
      for (const path of round === 1 ? [...paths].reverse() : paths) expect(ids(kept, path)).toEqual(ids(tree(), path));
    }
    expect(ids(kept, "/initiatives/new")).toEqual(["root{}", "new{}"]);
    expect(ids(kept, "/certificates/7")).toEqual(['root{"n":"7"}', 'cert{"n":"7"}']);
  });

  it("sees routes the router adds to a tree it already matched (route discovery grows trees in place)", () => {
    const router = createRouter({ routes: tree(), history: createMemoryHistory() });
    const before = router.routes;
    const staff = (routes: AgnosticRouteObject[]) => matchRoutes(routes, "/staff/reports/2026")?.map((m) => m.route.id);
    expect(staff(before)).toEqual(["root", "missing"]);
    router.patchRoutes("staff", [{ id: "staff-reports", path: "reports/:year" }]);
    // the router hands out a new array, but the route objects (and so the array matched before) grew in place
    expect(staff(router.routes)).toEqual(["root", "staff", "staff-reports"]);
    expect(staff(before)).toEqual(["root", "staff", "staff-reports"]);
    router.dispose();
  });

  it("gives each caller matches of its own: changing one answer does not change the next", () => {
    const kept = tree();
    const first = matchRoutes(kept, "/staff/SK-1")!;
    (first[1].params as Record<string, string>).code = "changed";
    (first as unknown[]).push("extra");
    const second = matchRoutes(kept, "/staff/SK-1")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "staff", "staff-case"]);
    expect(second[2].params).toEqual({ code: "SK-1" });
    // as the router does, the matches of one answer share their params
    expect(second[0].params).toBe(second[2].params);
  });
});

describe("the static router of a server render", () => {
  it("makes its data routes once per routes array and still answers each request's own matches", async () => {
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "list", path: "initiatives", loader: () => null },
          { id: "detail", path: "initiatives/:slug", loader: () => null },
        ],
      },
    ];
    const handler = createStaticHandler(routes);
    const contextOf = async (url: string) => {
      const context = await handler.query(new Request(`http://x${url}`));
      if (context instanceof Response) throw new Error("unexpected redirect");
      return context;
    };
    const one = createStaticRouter(routes, await contextOf("/initiatives"));
    const two = createStaticRouter(routes, await contextOf("/initiatives/abc"));
    // the same array: the router's caches per routes array (ranked branches, matches) hold from one render to the next
    expect(two.routes).toBe(one.routes);
    expect(one.state.matches.map((m) => m.route.id)).toEqual(["root", "list"]);
    expect(two.state.matches.map((m) => [m.route.id, m.params.slug])).toEqual([
      ["root", "abc"],
      ["detail", "abc"],
    ]);
    // the matches point at the data routes the router renders, not at the handler's own route objects
    expect(two.state.matches[1].route).toBe(two.routes[0].children![1]);
    expect(createStaticRouter([...routes], await contextOf("/initiatives")).routes).not.toBe(one.routes);
  });
});
