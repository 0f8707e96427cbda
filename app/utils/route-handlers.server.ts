/**
 * Every route's loader and action, wrapped once where the build is handed to the request handler: the one
 * mechanism behind the 503 while the database is away and the request log's route id.
 */
import type { ServerBuild } from "@remix-run/node";

export type RouteHandler = (args: { context: Record<string, unknown> }) => unknown;

export function wrapRouteHandlers(build: ServerBuild, wrap: (routeId: string, fn: RouteHandler) => RouteHandler): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module as { loader?: RouteHandler; action?: RouteHandler };
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        loader: module.loader && wrap(id, module.loader),
        action: module.action && wrap(id, module.action),
      } as typeof route.module,
    };
  }
  return { ...build, routes };
}
