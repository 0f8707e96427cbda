import "~/i18n/sections/privacy";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { PRIVACY_NOTICE_VERSION, PRIVACY_REQUEST_WORKING_DAYS } from "~/domain/privacy";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { publicPageHeaders } from "~/utils/cache.server";
import { getEnv, privacyController } from "~/utils/env.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).privacy;
  return data({
    meta: { title: t.metaTitle, description: t.intro },
    controller: privacyController(),
    version: PRIVACY_NOTICE_VERSION,
    // The periods in force (RETENTION_* in the environment), so the notice says what the retention job does.
    retention: {
      rejected: getEnv().RETENTION_REJECTED_MONTHS,
      withdrawn: getEnv().RETENTION_WITHDRAWN_MONTHS,
      files: getEnv().RETENTION_NOT_RECOGNISED_FILES_MONTHS,
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

const SECTIONS = ["controller", "purposes", "recipients", "retention", "rights", "safeguards", "law"] as const;
const PURPOSES = ["handling", "contact", "publication", "statistics", "security"] as const;

export default function PrivacyPage() {
  const { controller, version, retention } = useLoaderData<typeof loader>();
  const dict = useT();
  const t = dict.privacy;
  const lang = useLang();
  // The controller's name and address are Vietnamese on either page.
  const vi = lang === "vi" ? undefined : "vi";
  return (
    <article className="privacy-notice">
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <p>
        <strong>{t.version(version)}</strong>
      </p>

      <nav aria-labelledby="privacy-contents" className="no-print">
        <h2 id="privacy-contents">{t.contents}</h2>
        <ol>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t[s].title.replace(/^\d+\.\s*/, "")}</a>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="controller">
        <h2 id="controller">{t.controller.title}</h2>
        <p>{t.controller.intro}</p>
        <dl className="facts">
          <dt>{t.controller.name}</dt>
          <dd lang={vi}>{controller.name}</dd>
          <dt>{t.controller.address}</dt>
          <dd lang={vi}>{controller.address}</dd>
          <dt>{t.controller.email}</dt>
          <dd>
            <a href={`mailto:${controller.email}`}>{controller.email}</a>
          </dd>
          {controller.phone ? (
            <>
              <dt>{t.controller.phone}</dt>
              <dd>
                <a href={`tel:${controller.phone.replace(/[^\d+]/g, "")}`}>{controller.phone}</a>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="purposes">
        <h2 id="purposes">{t.purposes.title}</h2>
        <p>{t.purposes.intro}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.purposes.purpose}</th>
              <th scope="col">{t.purposes.data}</th>
              <th scope="col">{t.purposes.basis}</th>
            </tr>
          </thead>
          <tbody>
            {PURPOSES.map((p) => (
              <tr key={p}>
                <th scope="row">{t.purposes[p].purpose}</th>
                <td>{t.purposes[p].data}</td>
                <td>{t.purposes[p].basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="recipients">
        <h2 id="recipients">{t.recipients.title}</h2>
        <ul>
          <li>{t.recipients.secretary}</li>
          <li>{t.recipients.reviewers}</li>
          <li>{t.recipients.public}</li>
          <li>{t.recipients.processors}</li>
        </ul>
      </section>

      <section aria-labelledby="retention">
        <h2 id="retention">{t.retention.title}</h2>
        <p>
          {t.retention.current(
            ...([retention.rejected, retention.withdrawn, retention.files].map((n) =>
              n > 0 ? t.retention.months(n) : t.retention.never,
            ) as [string, string, string]),
          )}
        </p>
        <p>{t.retention.counters}</p>
        <p>{t.retention.backups}</p>
        <p>{t.retention.recognised}</p>
        <p>{t.retention.planned}</p>
      </section>

      <section aria-labelledby="rights">
        <h2 id="rights">{t.rights.title}</h2>
        <p>{t.rights.intro}</p>
        <ul>
          {Object.entries(t.rights.list).map(([k, v]) => (
            <li key={k}>{v}</li>
          ))}
        </ul>
        <h3>{t.rights.howTitle}</h3>
        <p>
          {t.rights.trackingLink} <PageLink to="/track">{dict.common.nav.track}</PageLink>
        </p>
        <p>{t.rights.email(controller.email)}</p>
        <p>
          <strong>{t.rights.deadline(PRIVACY_REQUEST_WORKING_DAYS)}</strong>
        </p>
        <p>{t.rights.complaint}</p>
      </section>

      <section aria-labelledby="safeguards">
        <h2 id="safeguards">{t.safeguards.title}</h2>
        <p>{t.safeguards.text}</p>
      </section>

      <section aria-labelledby="law">
        <h2 id="law">{t.law.title}</h2>
        <p>{t.law.text}</p>
      </section>
    </article>
  );
}
