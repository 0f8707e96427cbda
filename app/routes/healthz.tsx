/**
 * Liveness: the process answers. It touches nothing else, so an orchestrator does not restart a healthy process
 * because the database is away (a restart would not bring it back); readiness is /readyz.
 */
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
