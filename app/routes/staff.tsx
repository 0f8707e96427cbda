import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Outlet, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink, PageNavLink } from "~/components/page-links";
import { ActionFeedback } from "~/components/action-feedback";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/use-t";
import { getUser } from "~/utils/auth.server";
import { can, type Permission } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Cán bộ — Sáng kiến CCHC" }, { name: "robots", content: "noindex" }];

// Staff pages carry personal data: never store them in a shared or browser cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** Copes with no user: the login page renders inside this layout. Each child checks its own permission. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  return { user: user && { name: user.name, roles: user.roles, mustChangePassword: user.mustChangePassword } };
}

const LINKS: {
  to: string;
  key:
    | "queue"
    | "reviews"
    | "users"
    | "rubric"
    | "commendations"
    | "units"
    | "audit"
    | "outbox"
    | "autoAssign"
    | "calendar"
    | "privacyRequests"
    | "accessLog"
    | "meetings"
    | "timeliness"
    | "cityLevel"
    | "campaigns";
  permission: Permission;
}[] = [
  { to: "/staff", key: "queue", permission: "queue.view" },
  { to: "/staff/reviews", key: "reviews", permission: "review.own" },
  { to: "/staff/admin/users", key: "users", permission: "admin.users" },
  { to: "/staff/admin/rubric", key: "rubric", permission: "admin.rubric" },
  { to: "/staff/admin/commendations", key: "commendations", permission: "admin.commendations" },
  { to: "/staff/admin/units", key: "units", permission: "admin.units" },
  { to: "/staff/admin/audit", key: "audit", permission: "admin.audit" },
  { to: "/staff/admin/outbox", key: "outbox", permission: "admin.outbox" },
  { to: "/staff/assign", key: "autoAssign", permission: "initiative.assign" },
  { to: "/staff/admin/calendar", key: "calendar", permission: "admin.calendar" },
  { to: "/staff/privacy-requests", key: "privacyRequests", permission: "privacy.requests" },
  { to: "/staff/admin/access-log", key: "accessLog", permission: "admin.access_log" },
  { to: "/staff/meetings", key: "meetings", permission: "meeting.manage" },
  { to: "/staff/timeliness", key: "timeliness", permission: "queue.all" },
  { to: "/staff/city-level", key: "cityLevel", permission: "city.view" },
  { to: "/staff/admin/campaigns", key: "campaigns", permission: "admin.campaigns" },
];

export default function StaffLayout() {
  const { user } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT().staff;
  return (
    <div className="staff">
      {user ? (
        <div className="staff-bar no-print">
          <p className="staff-who">
            <span>{t.nav.signedInAs(user.name)}</span>{" "}
            {user.roles.map((r) => (
              <span key={r} className="badge">
                {t.roles[r]}
              </span>
            ))}
          </p>
          <nav aria-label={t.nav.label} className="staff-nav">
            {!user.mustChangePassword &&
              LINKS.filter((l) => can(user.roles, l.permission)).map((l) => (
                <PageNavLink key={l.key} to={l.to} end={l.to === "/staff"}>
                  {t.nav[l.key]}
                </PageNavLink>
              ))}
            {!user.mustChangePassword ? <PageNavLink to="/staff/notifications">{t.nav.notifications}</PageNavLink> : null}
            <PageLink to="/staff/password">{t.nav.password}</PageLink>
            <Form method="post" action="/staff/logout" className="inline-form">
              <button type="submit" className="secondary">
                {t.nav.logout}
              </button>
            </Form>
          </nav>
        </div>
      ) : null}
      {/* A changed password sends the person on to where they were going (staff.password.tsx): said here, on any page. */}
      <ActionFeedback message={user && params.get("password") === "changed" ? t.glossary.password : null} />
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
