import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import { useLang, useT } from "~/i18n/use-t";
import type { EventActor, EventKind, Status } from "~/domain/vocabulary";
import { formatDateTime } from "~/utils/dates";

export interface StaleState {
  status: Status;
  code: string;
  latest: {
    at: string;
    kind: EventKind;
    from_status: Status | null;
    to_status: Status | null;
    actor_name: string | null;
    actor_type: EventActor;
  } | null;
}

/** What a page shows when its form lost a race (409): the status now and the change that won. */
export function StaleNotice({ stale, reloadTo }: { stale: StaleState; reloadTo?: string }) {
  const t = useT();
  const s = t.staff;
  const lang = useLang();
  const l = stale.latest;
  const status = (v: Status | null) => (v ? t.common.status[v] : "");
  return (
    <div className="notice warn stale" role="alert" aria-labelledby="stale-title">
      <h2 id="stale-title">{s.stale.title}</h2>
      <p>{s.stale.explain}</p>
      <dl className="facts">
        <dt>{s.stale.currentStatus}</dt>
        <dd data-current-status={stale.status}>{status(stale.status)}</dd>
        {l ? (
          <>
            <dt>{s.stale.latest}</dt>
            <dd>
              {s.initiative.eventKind[l.kind]}
              {l.from_status && l.to_status ? `: ${status(l.from_status)} ${s.initiative.arrow} ${status(l.to_status)}` : ""}
              {" · "}
              {formatDateTime(l.at, lang)}
              {l.actor_name ? ` · ${s.stale.by(l.actor_name)}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={reloadTo ?? `/staff/initiatives/${stale.code}`}>{s.stale.reload}</a>
      </p>
    </div>
  );
}
