import "~/i18n/sections/public";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import "~/i18n/sections/timeliness";
import { useT } from "~/i18n/use-t";
import { REFORM_AREAS } from "~/models/initiative/taxonomy";
import { OPEN_DATA_JSON_FIELDS } from "~/models/public/open-data";
import { publicPageHeaders } from "~/utils/cache.server";
import { openDataLicence } from "~/utils/env.server";
import { TableScroll } from "~/components/table-scroll";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).public.openData;
  return data({ meta: { title: t.metaTitle, description: t.intro }, licence: openDataLicence() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.xml", title: "Atom" },
];

export default function OpenDataPage() {
  const { licence } = useLoaderData<typeof loader>();
  const dict = useT();
  const t = dict.public.openData;
  return (
    <>
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <h2>{t.files}</h2>
      <ul className="download-list">
        <li>
          <a href="/open-data/initiatives.csv" download>
            initiatives.csv
          </a>{" "}
          — {t.csv}
        </li>
        <li>
          <a href="/open-data/initiatives.xlsx" download>
            initiatives.xlsx
          </a>{" "}
          — {t.xlsx}
        </li>
        <li>
          <a href="/open-data/initiatives.json">initiatives.json</a> — {t.json}
        </li>
        <li>
          <a href="/feed.xml">feed.xml</a> — {t.feed}
        </li>
        <li>
          <a href="/open-data/timeliness.csv" download>
            timeliness.csv
          </a>
          , <a href="/open-data/timeliness.json">timeliness.json</a> — {dict.timeliness.public.openData}
        </li>
      </ul>
      <h3>{t.areaFeeds}</h3>
      <ul className="download-list">
        {REFORM_AREAS.map((a) => (
          <li key={a}>
            <a href={`/feed.xml?area=${a}`} type="application/atom+xml">
              {dict.common.area[a]}
            </a>
          </li>
        ))}
      </ul>
      <p>{t.updated}</p>
      <h2>{t.licenceTitle}</h2>
      <p>
        {t.licenceBefore}
        <a href={licence.url} rel="license">
          {licence.name}
        </a>
        {t.licenceAfter}
      </p>
      <p>{t.licenceInFiles}</p>
      <p>{t.formulaNote}</p>
      <h2 id="fields-title">{t.fields}</h2>
      <TableScroll labelledBy="fields-title">
        <table aria-labelledby="fields-title">
          <thead>
            <tr>
              <th scope="col">{t.field}</th>
              <th scope="col">{t.meaning}</th>
            </tr>
          </thead>
          <tbody>
            {OPEN_DATA_JSON_FIELDS.map((f) => (
              <tr key={f}>
                <th scope="row">
                  <code>{f}</code>
                </th>
                <td>{t.fieldDocs[f]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
