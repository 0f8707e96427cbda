import "~/i18n/sections/campaigns";
import { useRouteLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useT } from "~/i18n/use-t";
import { can, type Role } from "~/utils/permissions";

/** On the staff initiative page: the way to record where a recognised initiative has been applied. */
export function AdoptionsLink({ code, status }: { code: string; status: string }) {
  const t = useT().campaigns.adoptions;
  const staff = useRouteLoaderData("routes/staff") as { user?: { roles: Role[] } | null } | undefined;
  if (status !== "recognised" && status !== "published") return null;
  if (!staff?.user || !can(staff.user.roles, "initiative.adoptions")) return null;
  return (
    <p className="no-print">
      <PageLink className="button secondary" to={`/staff/initiatives/${code}/adoptions`}>
        {t.link}
      </PageLink>
    </p>
  );
}
