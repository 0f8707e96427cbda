import "~/i18n/sections/staff";
import "~/i18n/sections/review";
import "~/i18n/sections/meetings";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { titleMeta } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { getMeeting } from "~/models/council/meetings.server";
import { formatScore } from "~/models/review/aggregation";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { useNonce } from "~/utils/nonce";

/** A document to print or keep: no JavaScript (see root.tsx), the print style does the rest. */
export const handle = { hydrate: false };

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.meetings.minutes.title);

// The staff layout's no-store, plus the download's file name when the minutes are saved rather than shown.
export const headers: HeadersFunction = ({ loaderHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const disposition = loaderHeaders.get("Content-Disposition");
  if (disposition) h.set("Content-Disposition", disposition);
  return h;
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "meeting.manage");
  if (!params.id || !/^\d{1,9}$/.test(params.id)) throw httpError(404, "not_found");
  const meeting = await getMeeting(context.db, Number(params.id));
  if (!meeting) throw httpError(404, "not_found");
  const download = new URL(request.url).searchParams.get("download") === "1";
  const day = meeting.starts_at.slice(0, 10);
  return data(
    { meeting },
    download ? { headers: { "Content-Disposition": `attachment; filename="bien-ban-hop-hoi-dong-${day}-${meeting.id}.html"` } } : undefined,
  );
}

export default function Minutes() {
  const { meeting: mt } = useLoaderData<typeof loader>();
  const t = useT();
  const w = t.meetings.minutes;
  const r = t.review.decision;
  const lang = useLang();
  const nonce = useNonce();
  return (
    <article className="minutes-sheet" aria-labelledby="minutes-title">
      <p className="no-print">
        <PageLink to={`/staff/meetings/${mt.id}`}>{w.back}</PageLink>{" "}
        <button type="button" className="secondary print-button" id="print-button" hidden>
          {w.print}
        </button>
        {/* The page ships no bundle; this one fixed line (no user text) wires the button under the CSP nonce. */}
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html: 'var b=document.getElementById("print-button");b.hidden=false;b.addEventListener("click",function(){window.print()})',
          }}
        />
      </p>
      <header className="minutes-head">
        <p>{w.issuer}</p>
        <p>
          {w.nation}
          <br />
          <span>{w.motto}</span>
        </p>
      </header>
      <h1 id="minutes-title">{w.title}</h1>
      {mt.status !== "closed" ? <p className="notice warn">{w.notClosed}</p> : null}
      <p>{w.opening(formatDateTime(mt.starts_at, lang), mt.place)}</p>
      <p>
        {w.chair}: <strong>{mt.chair_name}</strong>
      </p>
      {mt.note ? <p className="pre-wrap">{mt.note}</p> : null}

      <h2>{w.attendance}</h2>
      <p data-present={mt.members.length}>{w.presentCount(mt.members.length)}</p>
      <table className="minutes-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{w.name}</th>
            <th scope="col">{w.role}</th>
          </tr>
        </thead>
        <tbody>
          {mt.members.map((p, i) => (
            <tr key={p.id}>
              <td>{i + 1}</td>
              <td>{p.name}</td>
              <td>{p.roles.map((role) => t.staff.roles[role]).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{w.agenda}</h2>
      {mt.items.length === 0 ? <p>{w.none}</p> : null}
      {mt.items.map((item, i) => (
        <section key={item.id} className="minutes-item" aria-labelledby={`mi-${item.id}`} data-code={item.code}>
          <h3 id={`mi-${item.id}`}>
            {i + 1}. {item.code} — <span lang="vi">{item.title}</span>
          </h3>
          <dl className="facts">
            <dt>{w.scores}</dt>
            <dd>
              {w.scoreText(formatScore(item.summary.weightedTotal, lang), item.summary.reviews)}
              {item.summary.needsDiscussion ? ` · ${t.meetings.meeting.needsDiscussion}` : ""}
            </dd>
            {item.decision && item.decision.inThisMeeting ? (
              <>
                <dt>{w.votes}</dt>
                <dd data-votes="">
                  {r.votesText(
                    item.decision.membersPresent,
                    item.decision.votesFor,
                    item.decision.votesAgainst,
                    item.decision.votesAbstain,
                  )}
                </dd>
                <dt>{w.decision}</dt>
                <dd data-outcome={item.decision.outcome}>{r.outcomes[item.decision.outcome]}</dd>
                <dt>{w.reason}</dt>
                <dd className="pre-wrap">{item.decision.reason}</dd>
                {item.decision.commendationVi ? (
                  <>
                    <dt>{w.commendation}</dt>
                    <dd>{lang === "vi" ? item.decision.commendationVi : item.decision.commendationEn}</dd>
                  </>
                ) : null}
                {item.decision.certificateNumber ? (
                  <>
                    <dt>{w.certificate}</dt>
                    <dd>{item.decision.certificateNumber}</dd>
                  </>
                ) : null}
              </>
            ) : (
              <>
                <dt>{w.decision}</dt>
                <dd>{item.decision ? w.elsewhere : w.undecided}</dd>
              </>
            )}
          </dl>
        </section>
      ))}
      {mt.closed_at ? <p>{w.closing(formatDateTime(mt.closed_at, lang))}</p> : null}
      <div className="minutes-signatures">
        <p>
          <strong>{w.signSecretary}</strong>
          <br />
          <span className="hint">{w.signHint}</span>
        </p>
        <p>
          <strong>{w.signChair}</strong>
          <br />
          <span className="hint">{w.signHint}</span>
          <br />
          <br />
          <br />
          {mt.chair_name}
        </p>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
