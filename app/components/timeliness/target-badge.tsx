/**
 * The service target a worklist row waits on (screening to start, screening to end, the submitter's reply window),
 * with its date and whether it was missed. The targets come from service-targets/targets.server.ts.
 */
import "~/i18n/sections/timeliness";
import { useLang, useT } from "~/i18n/use-t";
import type { OpenTarget } from "~/models/service-targets/targets";
import { formatDate } from "~/utils/dates";

export function ServiceTargetBadge({ target }: { target: OpenTarget | undefined }) {
  const t = useT().timeliness.worklist;
  const lang = useLang();
  if (!target) return null;
  return (
    <span className={target.overdue ? "badge overdue" : "badge"} data-badge="target" data-target={target.kind}>
      {t.by(formatDate(target.date, lang), t.kinds[target.kind])}
      {target.overdue ? ` (${t.late})` : null}
    </span>
  );
}
