/**
 * The server matches routes through a patched @remix-run/router (patches/, decision 033 addendum): ranked branches are
 * kept per routes array and path patterns compiled once. These check that the kept answers are the router's answers.
 */
import { describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

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
});
