import "~/i18n/sections/staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/i18n/use-t";
import { STATUSES } from "~/models/initiative/lifecycle";
import { campaignOptions } from "~/models/campaigns/campaigns.server";
import { CampaignFilter } from "~/components/campaign-filter";
import { listQueue, ownAssignmentsFor, parseQueueParams, statusCounts, unitOptions } from "~/models/screening/queue.server";
import { bucketCounts, hasWorklist, listNeedsAction, type WorklistRow } from "~/models/screening/worklist.server";
import { BUCKETS } from "~/models/screening/worklist";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "~/models/initiative/taxonomy";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { can } from "~/utils/permissions";
import { titleMeta } from "~/i18n/meta";
import { ServiceTargetBadge } from "~/components/timeliness/target-badge";
import { worklistTargets } from "~/models/service-targets/targets.server";
import type { OpenTarget } from "~/models/service-targets/targets";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.staff.nav.queue);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "queue.view");
  const viewer = { id: user.id, seeAll: can(user.roles, "queue.all") };
  const url = new URL(request.url);
  const { filters, invalid } = parseQueueParams(url.searchParams);
  const view = queueView(url.searchParams, hasWorklist(user.roles));
  if (view === "needs") {
    const [page, buckets] = await Promise.all([
      listNeedsAction(context.db, user, { cursor: filters.cursor }),
      bucketCounts(context.db, user),
    ]);
    const targets = await worklistTargets(context.db, page.rows);
    return { view, worklist: page.rows, buckets, nextCursor: page.nextCursor, canOpen: can(user.roles, "initiative.view"), targets };
  }
  const [page, counts, units] = await Promise.all([
    listQueue(context.db, viewer, filters),
    statusCounts(context.db, viewer),
    unitOptions(context.db),
  ]);
  const campaigns = await campaignOptions(context.db);
  const canOpen = can(user.roles, "initiative.view");
  const canReview = can(user.roles, "review.own");
  const assignmentOf =
    !canOpen && canReview
      ? await ownAssignmentsFor(
          context.db,
          user.id,
          page.rows.map((r) => r.id),
        )
      : {};
  return {
    view,
    assignmentOf,
    filters,
    invalid,
    counts,
    units,
    campaigns,
    rows: page.rows,
    nextCursor: page.nextCursor,
    seeAll: viewer.seeAll,
    canOpen,
    canReview,
  };
}

/** Parameters that say something other than a question about the register (a page, a view, an action's feedback). */
const NOT_FILTERS = ["cursor", "view", "done", "lang", "password"];

/**
 * "Needs my action" unless asked for all, or filtered (a filter is a question about the whole register). An
 * administrator, who acts on no case, starts on all.
 */
function queueView(params: URLSearchParams, worklist: boolean): "needs" | "all" {
  const asked = params.get("view");
  if (asked === "all" || asked === "needs") return asked === "needs" && worklist ? "needs" : "all";
  const filtered = [...params.keys()].some((k) => !NOT_FILTERS.includes(k));
  return worklist && !filtered ? "needs" : "all";
}

/** The current filters as a query string, with some values replaced (undefined removes). */
function withParams(filters: Record<string, unknown>, changes: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (k === "cursor" || v === undefined || v === false || v === "") continue;
    p.set(k, v === true ? "1" : String(v));
  }
  if (p.get("sort") === "newest") p.delete("sort");
  p.set("view", "all");
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The queue's own address with these filters (links of the page take absolute paths). */
const queueAddress = (filters: Record<string, unknown>, changes: Record<string, string | undefined>) =>
  `/staff${withParams(filters, changes)}`;

function ViewSwitch({ view }: { view: "needs" | "all" }) {
  const w = useT().staff.worklist;
  return (
    <nav aria-label={w.views} className="view-switch no-print">
      <ul>
        <li>
          <PageLink to="/staff?view=needs" aria-current={view === "needs" ? "page" : undefined}>
            {w.needsAction}
          </PageLink>
        </li>
        <li>
          <PageLink to="/staff?view=all" aria-current={view === "all" ? "page" : undefined}>
            {w.all}
          </PageLink>
        </li>
      </ul>
    </nav>
  );
}

function NeedsAction({
  rows,
  buckets,
  nextCursor,
  canOpen,
  targets,
}: {
  rows: WorklistRow[];
  buckets: Record<(typeof BUCKETS)[number], number | null>;
  nextCursor: string | null;
  canOpen: boolean;
  /** the service target each waiting row is on (service-targets/targets.server.ts) */
  targets?: Record<number, OpenTarget>;
}) {
  const t = useT();
  const q = t.staff.queue;
  const w = t.staff.worklist;
  const lang = useLang();
  return (
    <>
      <ul className="buckets" aria-label={w.buckets}>
        {BUCKETS.filter((b) => buckets[b] !== null).map((b) => (
          <li key={b} data-bucket={b}>
            {w.bucket[b]} <span className="badge">{(buckets[b] ?? 0) >= 1000 ? "1000+" : buckets[b]}</span>
          </li>
        ))}
      </ul>
      {rows.length === 0 ? (
        <p className="notice">{w.emptyNeeds}</p>
      ) : (
        <TableScroll label={w.needsAction}>
          <table className="queue worklist">
            <caption className="visually-hidden">{w.needsAction}</caption>
            <thead>
              <tr>
                <th scope="col">{q.code}</th>
                <th scope="col">{q.name}</th>
                <th scope="col">{q.status}</th>
                <th scope="col">{w.nextDeadline}</th>
                <th scope="col">{w.badges}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.id}-${r.assignmentId ?? ""}`} data-code={r.code}>
                  <td>
                    {r.assignmentId ? (
                      <PageLink to={`/staff/reviews/${r.assignmentId}`}>{r.code}</PageLink>
                    ) : canOpen ? (
                      <PageLink to={`/staff/initiatives/${r.code}`}>{r.code}</PageLink>
                    ) : (
                      r.code
                    )}
                  </td>
                  <td>{r.title}</td>
                  <td>{t.common.status[r.status]}</td>
                  <td className={r.daysLeft < 0 ? "overdue" : undefined}>
                    {formatDate(r.deadline, lang)} ({w.deadlineKind[r.deadlineKind]})
                  </td>
                  <td>
                    <span className={r.daysLeft < 0 ? "badge overdue" : "badge"} data-badge="deadline">
                      {r.daysLeft < 0 ? w.overdueBy(-r.daysLeft) : w.daysLeft(r.daysLeft)}
                    </span>
                    {r.replyReceived ? (
                      <>
                        {" "}
                        <span className="badge" data-badge="reply">
                          {w.replyReceived}
                        </span>
                      </>
                    ) : null}
                    {r.conflict ? (
                      <>
                        {" "}
                        <span className="badge" data-badge="conflict">
                          {w.conflict}
                        </span>
                      </>
                    ) : null}
                    {targets?.[r.id] ? (
                      <>
                        {" "}
                        <ServiceTargetBadge target={targets[r.id]} />
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {nextCursor ? (
        <p className="pager no-print">
          <PageLink to={`/staff?view=needs&cursor=${encodeURIComponent(nextCursor)}`} rel="next">
            {q.next}
          </PageLink>
        </p>
      ) : null}
    </>
  );
}

export default function Queue() {
  const loaded = useLoaderData<typeof loader>();
  const t = useT();
  const q = t.staff.queue;
  const lang = useLang();
  if (loaded.view === "needs") {
    return (
      <section aria-labelledby="queue-title">
        <h1 id="queue-title">{t.staff.worklist.needsAction}</h1>
        <ViewSwitch view="needs" />
        <NeedsAction
          rows={loaded.worklist}
          buckets={loaded.buckets}
          nextCursor={loaded.nextCursor}
          canOpen={loaded.canOpen}
          targets={loaded.targets}
        />
      </section>
    );
  }
  const d = loaded;
  const f = d.filters;
  const activeFilters = [
    f.q ? `“${f.q}”` : null,
    f.status ? t.common.status[f.status] : null,
    f.area ? t.common.area[f.area] : null,
    f.domain ? t.common.domain[f.domain] : null,
    f.unit ? (d.units.find((u) => u.id === f.unit)?.name ?? null) : null,
    f.campaign ? (d.campaigns.find((c) => c.id === f.campaign)?.title ?? null) : null,
    f.from ? `${q.from} ${formatDate(f.from, lang)}` : null,
    f.to ? `${q.to} ${formatDate(f.to, lang)}` : null,
    f.overdue ? q.overdue : null,
    f.mine ? q.mine : null,
    f.sort !== "newest" ? { oldest: q.sortOldest, due: q.sortDue }[f.sort] : null,
  ].filter((x): x is string => Boolean(x));
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{d.seeAll ? q.title : q.reviewerTitle}</h1>
      <ViewSwitch view="all" />
      {d.invalid.length ? <p className="notice warn">{q.invalidFilter}</p> : null}

      <nav aria-label={q.counts} className="status-counts no-print">
        <ul>
          <li>
            <PageLink to={queueAddress(f, { status: undefined })} aria-current={!f.status ? "page" : undefined}>
              {q.allStatuses} <span className="badge">{Object.values(d.counts).reduce((a, b) => a + b, 0)}</span>
            </PageLink>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <PageLink to={queueAddress(f, { status: s })} aria-current={f.status === s ? "page" : undefined} data-status={s}>
                {t.common.status[s]} <span className="badge">{d.counts[s]}</span>
              </PageLink>
            </li>
          ))}
        </ul>
      </nav>

      {/* Closed by default (on a phone it was a screen of fields before the first case); the choices live in the address
          and the summary says which are applied. */}
      <details className="queue-filters no-print">
        <summary>
          {q.filters}
          {activeFilters.length ? `: ${activeFilters.join(" · ")}` : null}
        </summary>
        <Form method="get" className="filter-grid">
          <input type="hidden" name="view" value="all" />
          <div className="field">
            <label htmlFor="q">{q.search}</label>
            <p className="hint" id="q-hint">
              {q.searchHint}
            </p>
            <input id="q" name="q" type="search" defaultValue={f.q ?? ""} aria-describedby="q-hint" />
          </div>
          <div className="field">
            <label htmlFor="status">{q.status}</label>
            <select id="status" name="status" defaultValue={f.status ?? ""}>
              <option value="">{q.any}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.common.status[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="area">{q.area}</label>
            <select id="area" name="area" defaultValue={f.area ?? ""}>
              <option value="">{q.any}</option>
              {REFORM_AREAS.map((a) => (
                <option key={a} value={a}>
                  {t.common.area[a]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="domain">{q.domain}</label>
            <select id="domain" name="domain" defaultValue={f.domain ?? ""}>
              <option value="">{q.any}</option>
              {PROCEDURE_DOMAINS.map((a) => (
                <option key={a} value={a}>
                  {t.common.domain[a]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="unit">{q.unit}</label>
            <select id="unit" name="unit" defaultValue={f.unit ? String(f.unit) : ""}>
              <option value="">{q.any}</option>
              {d.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <CampaignFilter campaigns={d.campaigns} value={f.campaign} />
          <div className="field">
            <label htmlFor="from">{q.from}</label>
            <input id="from" name="from" type="date" defaultValue={f.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="to">{q.to}</label>
            <input id="to" name="to" type="date" defaultValue={f.to ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="sort">{q.sort}</label>
            <select id="sort" name="sort" defaultValue={f.sort}>
              <option value="newest">{q.sortNewest}</option>
              <option value="oldest">{q.sortOldest}</option>
              <option value="due">{q.sortDue}</option>
            </select>
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="overdue" value="1" defaultChecked={f.overdue} /> {q.overdue}
            </label>
            {d.seeAll && d.canReview ? (
              <label className="checkbox">
                <input type="checkbox" name="mine" value="1" defaultChecked={f.mine} /> {q.mine}
              </label>
            ) : null}
          </div>
          <div className="field">
            <button type="submit" className="primary">
              {q.apply}
            </button>{" "}
            <PageLink to="/staff">{q.reset}</PageLink>
          </div>
        </Form>
      </details>

      <p className="no-print">
        <a className="button" href={`/staff/queue.xlsx${withParams(f, {})}`} download>
          {t.staff.worklist.exportXlsx}
        </a>
      </p>
      {d.rows.length === 0 ? (
        <p className="notice">{q.empty}</p>
      ) : (
        <table className="queue">
          <caption className="visually-hidden">{q.results}</caption>
          <thead>
            <tr>
              <th scope="col">{q.code}</th>
              <th scope="col">{q.name}</th>
              <th scope="col">{q.status}</th>
              <th scope="col">{q.area}</th>
              <th scope="col">{q.submitted}</th>
              <th scope="col">{q.due}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id} data-code={r.code}>
                <td>
                  {d.canOpen ? (
                    <PageLink to={`/staff/initiatives/${r.code}`}>{r.code}</PageLink>
                  ) : d.assignmentOf[r.id] ? (
                    <PageLink to={`/staff/reviews/${d.assignmentOf[r.id]}`}>{r.code}</PageLink>
                  ) : (
                    r.code
                  )}
                </td>
                <td>{r.title}</td>
                <td>{t.common.status[r.status]}</td>
                <td>{t.common.area[r.reformArea]}</td>
                <td>{formatDate(r.submittedAt, lang)}</td>
                <td className={r.overdue ? "overdue" : undefined}>
                  {formatDate(r.dueOn, lang)}
                  {r.overdue ? <> ({q.overdueMark})</> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="pager no-print">
        {f.cursor ? <PageLink to={queueAddress(f, {})}>{q.first}</PageLink> : null}{" "}
        {d.nextCursor ? (
          <PageLink to={queueAddress(f, { cursor: d.nextCursor })} rel="next">
            {q.next}
          </PageLink>
        ) : null}
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
