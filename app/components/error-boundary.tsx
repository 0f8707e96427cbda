import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useT } from "~/i18n/use-t";

/** The one place where thrown Responses and crashes become a page, in the user's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { errors: t, nav } = useT().common;
  let status = 500;
  let message = t.server;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const byStatus: Record<number, string> = {
      400: t.badRequest,
      403: t.forbidden,
      404: t.notFound,
      409: t.conflict,
      413: t.tooLarge,
      429: t.tooMany,
      503: t.unavailable,
    };
    message = byStatus[status] ?? t.server;
    // The data folder failing (disk full, read-only) is not the database being away: say which.
    if (status === 503 && (error.data as { code?: unknown } | null)?.code === "storage_unavailable") message = t.storageUnavailable;
  } else if (error instanceof Error && typeof process !== "undefined" && process.env.NODE_ENV !== "production") {
    console.error(error);
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">
        {t.title} ({status})
      </h1>
      <p role="alert">{message}</p>
      <ul className="error-links">
        <li>
          <PageLink to="/initiatives">{nav.initiatives}</PageLink>
        </li>
        <li>
          <PageLink to="/track">{nav.track}</PageLink>
        </li>
        <li>
          <PageLink to="/">{t.goHome}</PageLink>
        </li>
      </ul>
    </section>
  );
}
