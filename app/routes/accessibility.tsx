import "~/i18n/sections/service";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { publicPageHeaders } from "~/utils/cache.server";
import { serviceIdentity } from "~/utils/env.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

/** When the statement was last reviewed: change it with the statement. */
const PREPARED = "2026-11-30";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).service.accessibility;
  return data({ contact: serviceIdentity(), meta: { title: t.metaTitle, description: t.intro } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

export default function AccessibilityPage() {
  const { contact } = useLoaderData<typeof loader>();
  const t = useT().service.accessibility;
  return (
    <article>
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>

      <section aria-labelledby="target">
        <h2 id="target">{t.targetTitle}</h2>
        <p>
          {t.targetBefore}
          <a href="https://www.w3.org/TR/WCAG22/">{t.targetLink}</a>
          {t.targetAfter}
        </p>
        <h3>{t.statusTitle}</h3>
        <p>{t.status}</p>
      </section>

      <section aria-labelledby="done">
        <h2 id="done">{t.doneTitle}</h2>
        <ul>
          {t.done.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="limits-title" id="limits">
        <h2 id="limits-title">{t.limitsTitle}</h2>
        <ul>
          {t.limits.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="report-title" id="report">
        <h2 id="report-title">{t.reportTitle}</h2>
        <p>{t.report}</p>
        <dl className="facts">
          <dt>{t.reportEmail}</dt>
          <dd>
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </dd>
          <dt>{t.reportPhone}</dt>
          <dd>
            <a href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}>{contact.phone}</a>
          </dd>
        </dl>
      </section>

      <p className="hint">{t.prepared(PREPARED)}</p>
    </article>
  );
}
