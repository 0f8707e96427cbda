import "~/i18n/sections/citizen.page";
import "~/i18n/sections/tracking.page";
import "~/i18n/sections/rights";
import "~/i18n/sections/tracked";
import { DuplicateSection } from "~/components/tracking/duplicate";
import { duplicateForSubmitter } from "~/models/duplicates/links.server";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useParams,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RightsSection } from "~/components/tracking/rights";
import { rightsView } from "~/models/privacy/rights.server";
import { ConsentsSection } from "~/components/tracking/consents";
import { consentView } from "~/models/consent/consents.server";
import { RatingSection } from "~/components/tracking/rating";
import { ratingView } from "~/models/service-targets/ratings.server";
import { ErrorSummary, FieldTextProvider, FileField, TextAreaField } from "~/components/form-fields";
import { dictionaryFor, labelOf, langFromRequest, type Lang } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import type { EventActor, EventKind, Status } from "~/domain/vocabulary";
import { isOpen } from "~/models/initiative/lifecycle";
import { ForbiddenError, isConflict } from "~/models/errors";
import {
  findByCodeAndToken,
  normaliseCode,
  parseReplyForm,
  replyToRequest,
  trackingView,
  withdraw,
} from "~/models/initiative/tracking.server";
import { todayInHanoi } from "~/models/initiative/submission.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import type { FieldErrors } from "~/utils/forms";
import { ACCEPT_ATTRIBUTE, REPLY_UPLOAD } from "~/utils/upload-limits";
import { withUpload, type StoredFile, type UploadProblem } from "~/utils/uploads.server";

const FLASH = "sk_flash";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: `${data?.view.code ?? dictionaryFor((matches.find((m) => m.id === "root")?.data as { lang?: Lang } | undefined)?.lang ?? "vi").tracked.wrongLink.title} · Sáng kiến CCHC`,
  },
  // A private page: never indexed.
  { name: "robots", content: "noindex, nofollow" },
];

// The URL carries the secret: no caching anywhere, no Referer to other sites. Not "no-referrer":
// under it a browser without JavaScript posts this page's forms with `Origin: null`, which Remix
// refuses as a cross-site request, so withdrawing and answering would fail. "same-origin" sends the
// Referer to this site only, and a real Origin with the forms.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "no-store, private", "Referrer-Policy": "same-origin" });
  for (const source of [loaderHeaders, actionHeaders]) for (const c of source.getSetCookie()) h.append("Set-Cookie", c);
  return h;
};

/** The initiative of this private link, or 404 for an unknown code or a wrong or missing secret. */
async function requireTracked(request: Request, code: string | undefined, db: LoaderFunctionArgs["context"]["db"]) {
  const token = new URL(request.url).searchParams.get("t");
  const found = await findByCodeAndToken(db, normaliseCode(code ?? ""), token);
  if (!found || !token) throw httpError(404, "not_found");
  return { initiative: found, self: `/track/${encodeURIComponent(found.code)}?t=${encodeURIComponent(token)}` };
}

function readFlash(request: Request): string | null {
  return /(?:^|;\s*)sk_flash=(withdrawn|replied)(?:;|$)/.exec(request.headers.get("Cookie") ?? "")?.[1] ?? null;
}
function flashCookie(value: string, maxAge = 60): string {
  return `${FLASH}=${value}; Path=/track; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { initiative } = await requireTracked(request, params.code, context.db);
  const view = await trackingView(context.db, initiative);
  const consents = await consentView(context.db, initiative.id);
  const flash = readFlash(request);
  return data(
    // The file input's accept comes from the server's limits module, so the page's script does not carry it.
    {
      view,
      flash,
      today: todayInHanoi(),
      accept: ACCEPT_ATTRIBUTE,
      rights: await rightsView(context.db, initiative.id),
      consents,
      duplicate: await duplicateForSubmitter(context.db, initiative.id),
      rating: await ratingView(context.db, initiative.id, initiative.status),
    },
    flash ? { headers: { "Set-Cookie": flashCookie("", 0) } } : undefined,
  );
}

type ActionResult =
  { intent: "confirm-withdraw" } | { intent: "stale" } | { intent: "reply"; errors: FieldErrors; message: string; filesDropped: boolean };

// A move the citizen may no longer make (someone changed the status meanwhile) is refused as forbidden too.
function isStaleError(err: unknown): boolean {
  return isConflict(err) || err instanceof ForbiddenError;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const lang = langFromRequest(request);
  const t = dictionaryFor(lang).citizen;
  // The secret is checked before a byte of the body is read: strangers cannot even upload.
  const { initiative, self } = await requireTracked(request, params.code, context.db);

  const withdrawOrConfirm = async (form: FormData) => {
    const intent = form.get("intent");
    if (intent === "confirm-withdraw") return data<ActionResult>({ intent: "confirm-withdraw" });
    if (intent !== "withdraw") throw httpError(400, "unknown_intent");
    try {
      await withdraw(context.db, { initiativeId: initiative.id, expectedVersion: Number(form.get("version")) });
    } catch (err) {
      if (isStaleError(err)) return data<ActionResult>({ intent: "stale" }, { status: 409 });
      throw err;
    }
    return redirect(self, { headers: { "Set-Cookie": flashCookie("withdrawn") } });
  };

  const reply = async (
    form: FormData,
    received: { problems: UploadProblem[]; fileCount: number },
    commit: (domain: (files: StoredFile[]) => Promise<unknown>) => Promise<unknown>,
  ) => {
    const parsed = parseReplyForm(form, received.problems, t);
    if (!parsed.ok) {
      const filesDropped = received.fileCount > 0 || received.problems.length > 0;
      return data<ActionResult>(
        { intent: "reply", errors: parsed.fieldErrors, message: parsed.message, filesDropped },
        { status: parsed.status },
      );
    }
    try {
      await commit((files) =>
        replyToRequest(context.db, {
          initiativeId: initiative.id,
          expectedVersion: Number(form.get("version")),
          message: parsed.message,
          files,
        }),
      );
    } catch (err) {
      if (isStaleError(err)) return data<ActionResult>({ intent: "stale" }, { status: 409 });
      throw err;
    }
    return redirect(self, { headers: { "Set-Cookie": flashCookie("replied") } });
  };

  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    // The withdrawal's forms, and a reply sent without files by other means than the page.
    const form = await request.formData();
    if (form.get("intent") === "reply") return reply(form, { problems: [], fileCount: 0 }, (domain) => domain([]));
    return withdrawOrConfirm(form);
  }
  return withUpload(context.db, request, REPLY_UPLOAD, async (received, commit) =>
    received.form.get("intent") === "reply"
      ? reply(received.form, { problems: received.problems, fileCount: received.files.length }, commit)
      : withdrawOrConfirm(received.form),
  );
}

function actorLabel(actor: EventActor, t: ReturnType<typeof dictionaryFor>["tracking"]["track"]["page"]) {
  return actor === "submitter" ? t.bySubmitter : actor === "system" ? t.bySystem : t.byStaff;
}

function eventText(e: { kind: EventKind; to_status: Status | null }, lang: Lang): string {
  const dict = dictionaryFor(lang);
  const t = dict.tracking.track.page;
  const named = labelOf(t.kinds, e.kind);
  if (named) return named;
  if (e.to_status) return t.statusChange(dict.common.status[e.to_status]);
  return e.kind;
}

export default function TrackedPage() {
  const { view, flash, today, accept, rights, consents, duplicate, rating } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>() as ActionResult | undefined;
  const dict = useT();
  const lang = useLang();
  const t = dict.tracking.track.page;
  const location = useLocation();
  const navigation = useNavigation();
  const token = new URLSearchParams(location.search).get("t") ?? "";
  const self = `/track/${encodeURIComponent(view.code)}?t=${encodeURIComponent(token)}`;
  const fileUrl = (id: number) => `/track/${encodeURIComponent(view.code)}/files/${id}?t=${encodeURIComponent(token)}`;
  const confirmRef = useRef<HTMLDivElement>(null);
  const confirming = acted?.intent === "confirm-withdraw" && view.canWithdraw;
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const overdue = isOpen(view.status) && view.dueOn < today;
  const replyErrors = acted?.intent === "reply" ? acted.errors : {};
  const decisionFiles = view.files.filter((f) => f.purpose === "decision");
  const sentFiles = view.files.filter((f) => f.purpose !== "decision");
  const busy = navigation.state === "submitting";

  return (
    <article aria-labelledby="tracked-title" className="tracked">
      <h1 id="tracked-title">{t.title(view.code)}</h1>
      {flash === "replied" ? (
        <p className="notice ok" role="status">
          {t.replySent}
        </p>
      ) : null}
      {flash === "withdrawn" ? (
        <p className="notice ok" role="status">
          {t.withdrawn}
        </p>
      ) : null}
      {acted?.intent === "stale" ? (
        <p className="notice warn" role="alert">
          {t.stale}
        </p>
      ) : null}

      {confirming ? (
        <div className="notice warn confirm-withdraw" ref={confirmRef} tabIndex={-1} aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t.withdrawConfirmTitle}</h2>
          <p>{t.withdrawConfirmBody}</p>
          <Form method="post" action={self} className="inline-actions">
            <input type="hidden" name="version" value={view.version} />
            <button type="submit" name="intent" value="withdraw" className="danger" disabled={busy}>
              {t.withdrawConfirm}
            </button>{" "}
            <Link to={self} className="button secondary">
              {t.withdrawCancel}
            </Link>
          </Form>
        </div>
      ) : null}

      <p className="title-line" lang="vi">
        {view.title}
      </p>
      <dl className="facts">
        <dt>{t.status}</dt>
        <dd>
          <strong className="status" data-status={view.status}>
            {dict.common.status[view.status]}
          </strong>
        </dd>
        <dt>{t.submittedAt}</dt>
        <dd>{formatDate(view.submittedAt, lang)}</dd>
        {/* Once the procedure has ended there is nothing left to wait for. */}
        {view.final ? null : (
          <>
            <dt>{t.due}</dt>
            <dd className={overdue ? "overdue" : undefined}>
              {formatDate(view.dueOn, lang)}
              {overdue ? ` (${t.overdue})` : null}
            </dd>
          </>
        )}
      </dl>

      <Stepper stages={view.stages} />

      {view.request ? (
        <section aria-labelledby="request-title" className="card info-request">
          <h2 id="request-title">{t.request}</h2>
          <p>{t.requestIntro}</p>
          <blockquote className="pre-wrap" lang="vi">
            {view.request.message}
          </blockquote>
          <FieldTextProvider value={dict.citizen.fields}>
            <ErrorSummary
              title={dict.citizen.submit.errorSummaryTitle}
              errors={replyErrors}
              labels={{ message: t.reply.label, files: t.replyFiles.label }}
            />
            {acted?.intent === "reply" && acted.filesDropped ? <p className="notice warn">{dict.citizen.submit.filesNote}</p> : null}
            <Form method="post" action={self} encType="multipart/form-data" noValidate className="no-print">
              <input type="hidden" name="version" value={view.version} />
              <TextAreaField
                name="message"
                label={t.reply.label}
                hint={t.reply.hint}
                errors={replyErrors.message}
                required
                defaultValue={acted?.intent === "reply" ? acted.message : ""}
              />
              <FileField
                name="files"
                multiple
                accept={accept}
                label={t.replyFiles.label}
                hint={t.replyFiles.hint}
                errors={replyErrors.files}
              />
              <p className="hint">
                {dict.citizen.privacyLinks.reply}{" "}
                <a href="/privacy" target="_blank" rel="noopener">
                  {dict.citizen.privacyLinks.notice} {dict.citizen.privacyLinks.newTab}
                </a>
              </p>
              <button type="submit" name="intent" value="reply" className="primary" disabled={busy}>
                {t.sendReply}
              </button>
            </Form>
          </FieldTextProvider>
        </section>
      ) : null}

      {view.decision || decisionFiles.length > 0 ? (
        <DecisionSection decision={view.decision} links={view.links} files={decisionFiles} fileUrl={fileUrl} />
      ) : null}

      <SubmissionSection view={view} files={sentFiles} fileUrl={fileUrl} />

      {/* ---- Sections of other features mount here, one line each, in the order they should appear: each is its own
          component file taking what it needs from the loader's data (the loader's fields are only ever added to). ---- */}
      {duplicate ? <DuplicateSection code={view.code} token={token} duplicate={duplicate} busy={busy} /> : null}
      <ConsentsSection code={view.code} token={token} consents={consents} canWithdraw={view.canWithdraw} />
      <RightsSection code={view.code} token={token} rights={rights} />
      <RatingSection code={view.code} token={token} canRate={rating.canRate} rating={rating.rating} />

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t.history}</h2>
        {view.events.length === 0 ? (
          <p>{t.noHistory}</p>
        ) : (
          <ol className="timeline">
            {view.events.map((e) => (
              <li key={e.id}>
                <strong>{eventText(e, lang)}</strong>{" "}
                <span className="hint">
                  — <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>, {actorLabel(e.actor_type, t)}
                </span>
                {e.message ? (
                  <p className="pre-wrap" lang="vi">
                    {e.message}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {view.canWithdraw && !confirming ? (
        <section aria-labelledby="withdraw-title" className="no-print">
          <h2 id="withdraw-title">{t.withdraw}</h2>
          <p>{t.withdrawIntro}</p>
          <Form method="post" action={self}>
            <input type="hidden" name="version" value={view.version} />
            <button type="submit" name="intent" value="confirm-withdraw" className="danger">
              {t.withdraw}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}

type View = Awaited<ReturnType<typeof trackingView>>;
type FileRow = View["files"][number];

/**
 * The stages as an ordered list: the current one carries aria-current="step", and each says in words whether it is
 * done, current or to come (not by colour alone, and legible when printed).
 */
function Stepper({ stages }: { stages: View["stages"] }) {
  const dict = useT();
  const lang = useLang();
  const t = dict.tracked.stages;
  return (
    <section aria-labelledby="stages-title" className="stages">
      <h2 id="stages-title">{t.title}</h2>
      <ol className="stepper">
        {stages.map((s) => (
          <li key={s.key} className={`step step-${s.state}`} data-stage={s.key} aria-current={s.state === "current" ? "step" : undefined}>
            <span className="step-name">{t.names[s.key]}</span> <span className="step-state">({t.state[s.state]})</span>
            {s.outcome ? (
              <>
                {" "}
                <strong className="step-outcome" data-status={s.outcome}>
                  {dict.common.status[s.outcome]}
                </strong>
              </>
            ) : null}
            {s.doneAt ? (
              <span className="step-date">
                <time dateTime={s.doneAt}>{t.doneOn(formatDate(s.doneAt, lang))}</time>
              </span>
            ) : null}
            {s.expected ? (
              <span className={s.expected.overdue ? "step-date overdue" : "step-date"} data-expected={s.expected.kind}>
                {t.expected[s.expected.kind](formatDate(s.expected.date, lang))}
                {s.expected.overdue ? ` (${t.overdue})` : null}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="hint">{t.note}</p>
    </section>
  );
}

function FileList({ files, fileUrl }: { files: FileRow[]; fileUrl: (id: number) => string }) {
  const t = useT().tracking.track.page;
  return (
    <ul className="file-list">
      {files.map((f) => (
        <li key={f.id}>
          <a href={fileUrl(f.id)} rel="noreferrer" download>
            {f.filename}
          </a>{" "}
          <span className="hint">
            ({t.purpose[f.purpose] ?? f.purpose}, {t.size(Math.max(1, Math.round(f.size / 1024)))})
          </span>
        </li>
      ))}
    </ul>
  );
}

function DecisionSection({
  decision,
  links,
  files,
  fileUrl,
}: {
  decision: View["decision"];
  links: View["links"];
  files: FileRow[];
  fileUrl: (id: number) => string;
}) {
  const dict = useT();
  const lang = useLang();
  const t = dict.tracked.decision;
  const hasLinks = links.publicPage || links.certificate || links.certificatePrint;
  return (
    <section aria-labelledby="decision-title" className="decision">
      <h2 id="decision-title">{t.title}</h2>
      {decision ? (
        <dl className="facts">
          <dt>{t.outcome}</dt>
          <dd>
            <strong className="decision-outcome" data-status={decision.outcome}>
              {dict.common.status[decision.outcome]}
            </strong>
          </dd>
          <dt>{t.date}</dt>
          <dd>
            <time dateTime={decision.decidedAt}>{formatDate(decision.decidedAt, lang)}</time>
          </dd>
          <dt>{t.reason}</dt>
          <dd className="pre-wrap" lang="vi">
            {decision.reason}
          </dd>
          <dt>{t.votes}</dt>
          <dd>{t.votesText(decision.votes.present, decision.votes.for, decision.votes.against, decision.votes.abstain)}</dd>
          {decision.level ? (
            <>
              <dt>{t.commendation}</dt>
              <dd>{lang === "vi" ? decision.level.nameVi : decision.level.nameEn}</dd>
            </>
          ) : null}
          {decision.outcome === "recognised" && decision.certificateNumber ? (
            <>
              <dt>{t.certificate}</dt>
              <dd className="cert-number">{decision.certificateNumber}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {files.length > 0 ? (
        <>
          <h3>{t.documents}</h3>
          <FileList files={files} fileUrl={fileUrl} />
        </>
      ) : null}
      {hasLinks ? (
        <>
          <h3>{t.links}</h3>
          <ul className="decision-links">
            {links.publicPage ? (
              <li>
                <Link to={links.publicPage} data-link="public-page">
                  {t.publicPage}
                </Link>
              </li>
            ) : null}
            {links.certificate ? (
              <li>
                <Link to={links.certificate} data-link="certificate">
                  {t.verifyCertificate}
                </Link>
              </li>
            ) : null}
            {links.certificatePrint ? (
              <li>
                <Link to={links.certificatePrint} data-link="certificate-print">
                  {t.printCertificate}
                </Link>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function SubmissionSection({ view, files, fileUrl }: { view: View; files: FileRow[]; fileUrl: (id: number) => string }) {
  const dict = useT();
  const lang = useLang();
  const t = dict.tracked.submission;
  const s = view.submission;
  const place = s.scopeType === "city" ? dict.common.scope.city : (s.placeName ?? dict.common.scope[s.scopeType]);
  return (
    <section aria-labelledby="submission-title" className="submission-sent">
      <h2 id="submission-title">{t.title}</h2>
      <dl className="facts">
        <dt>{t.area}</dt>
        <dd>{dict.common.area[s.reformArea]}</dd>
        {s.procedureDomain ? (
          <>
            <dt>{t.domain}</dt>
            <dd>{dict.common.domain[s.procedureDomain]}</dd>
          </>
        ) : null}
        <dt>{t.scope}</dt>
        <dd lang={s.placeName ? "vi" : undefined}>{place}</dd>
        <dt>{t.applied}</dt>
        <dd>{s.appliedBefore ? (s.appliedAt ? t.appliedSince(formatDate(s.appliedAt, lang)) : dict.common.yes) : dict.common.no}</dd>
        <dt>{t.authorType}</dt>
        <dd>{dict.common.authorType[s.authorType]}</dd>
        {s.author ? (
          <>
            <dt>{t.author}</dt>
            <dd>
              <span lang="vi">{s.author.organisation ? `${s.author.fullName} (${s.author.organisation})` : s.author.fullName}</span>
              {s.coAuthors.length > 0 ? ` — ${t.share(s.author.share)}` : null}
            </dd>
          </>
        ) : null}
        {s.coAuthors.length > 0 ? (
          <>
            <dt>{t.coAuthors}</dt>
            <dd>
              <ul className="plain-list">
                {s.coAuthors.map((c, i) => (
                  <li key={i}>
                    <span lang="vi">{c.fullName}</span> — {t.share(c.share)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      <h3>{t.problem}</h3>
      <p className="pre-wrap" lang="vi">
        {s.problem}
      </p>
      <h3>{t.solution}</h3>
      <p className="pre-wrap" lang="vi">
        {s.solution}
      </p>
      <h3>{t.benefit}</h3>
      <p className="pre-wrap" lang="vi">
        {s.benefit}
      </p>
      {files.length > 0 ? (
        <>
          <h3>{t.files}</h3>
          <FileList files={files} fileUrl={fileUrl} />
        </>
      ) : null}
      <p className="hint">{t.confidentialNote}</p>
    </section>
  );
}

/**
 * A link that opens nothing (an unknown code, a wrong secret, a link replaced by a newer one: the same answer for all,
 * so the page tells nothing about which) explains itself and leads to the form that sends the link again.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const t = useT().tracked.wrongLink;
  if (!isRouteErrorResponse(error) || error.status !== 404) return <GeneralErrorBoundary />;
  const code = (params.code ?? "").trim().toUpperCase();
  const resend = /^SK-\d{4}-\d{6}$/.test(code) ? `/track?code=${encodeURIComponent(code)}` : "/track";
  return (
    <section className="error-page wrong-link" aria-labelledby="wrong-link-title">
      <h1 id="wrong-link-title">{t.title}</h1>
      <p role="alert">{t.body}</p>
      <p>{t.hint}</p>
      <p>
        <Link to={resend} className="button primary" data-link="resend">
          {t.action}
        </Link>
      </p>
    </section>
  );
}
