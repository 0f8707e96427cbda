/**
 * RemixServer keeps the route objects of a build from one render to the next (patches/@remix-run+react, decision 040
 * addendum). These check that a kept tree still renders each request's own page, and that a route module replaced
 * under the same manifest (a development rebuild) is rendered, not the one kept.
 */
import { RemixServer, useMatches } from "@remix-run/react";
import type { EntryContext } from "@remix-run/node";
import { createStaticHandler } from "@remix-run/router";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

const manifestRoutes = {
  root: {
    id: "root",
    path: "",
    hasLoader: false,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "/root.js",
  },
  "routes/a": {
    id: "routes/a",
    parentId: "root",
    path: "a",
    hasLoader: false,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "/a.js",
  },
  "routes/b": {
    id: "routes/b",
    parentId: "root",
    path: "b",
    hasLoader: false,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "/b.js",
  },
};
const manifest = { routes: manifestRoutes, entry: { module: "/entry.js", imports: [] }, url: "/manifest.js", version: "1" };

function Root() {
  const leaf = useMatches().at(-1);
  return <p>{`page ${leaf?.id}, ${(leaf?.handle as { label?: string } | undefined)?.label ?? "no label"}`}</p>;
}

async function render(path: string, modules: Record<string, { default: () => JSX.Element | null; handle?: unknown }>) {
  const routes = [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/a", path: "a" },
        { id: "routes/b", path: "b" },
      ],
    },
  ];
  const staticHandlerContext = await createStaticHandler(routes).query(new Request(`http://x${path}`));
  if (staticHandlerContext instanceof Response) throw new Error("unexpected response");
  const context = {
    manifest,
    // a new object per request, as the server runtime makes it
    routeModules: { ...modules },
    staticHandlerContext,
    future: FUTURE,
    isSpaMode: false,
    serverHandoffString: "{}",
    serializeError: (e: Error) => ({ message: e.message }),
    renderMeta: {},
  } as unknown as EntryContext;
  return renderToString(<RemixServer context={context} url={`http://x${path}`} />);
}
const FUTURE = {
  v3_fetcherPersist: false,
  v3_relativeSplatPath: false,
  v3_throwAbortReason: false,
  v3_singleFetch: false,
  v3_lazyRouteDiscovery: false,
  unstable_optimizeDeps: false,
  v3_routeConfig: false,
};

describe("the route objects RemixServer keeps", () => {
  const Outlet = () => null;
  const a = { default: Outlet, handle: { label: "A" } };
  const b = { default: Outlet, handle: { label: "B" } };

  it("renders each request's own page from the kept tree", async () => {
    expect(await render("/a", { root: { default: Root }, "routes/a": a, "routes/b": b })).toContain("page routes/a, A");
    expect(await render("/b", { root: { default: Root }, "routes/a": a, "routes/b": b })).toContain("page routes/b, B");
    expect(await render("/a", { root: { default: Root }, "routes/a": a, "routes/b": b })).toContain("page routes/a, A");
  });

  it("renders a route module that replaced the kept one under the same manifest", async () => {
    expect(await render("/a", { root: { default: Root }, "routes/a": a, "routes/b": b })).toContain("page routes/a, A");
    const rebuilt = { default: Outlet, handle: { label: "A, rebuilt" } };
    expect(await render("/a", { root: { default: Root }, "routes/a": rebuilt, "routes/b": b })).toContain("page routes/a, A, rebuilt");
  });
});
