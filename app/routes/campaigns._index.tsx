import "~/i18n/sections/public";
import "~/i18n/sections/campaigns";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CampaignCard } from "~/components/campaign-summary";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { listCampaigns } from "~/models/campaigns/campaigns.server";
import { publicPageHeaders } from "~/utils/cache.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).campaigns.list;
  return data({ campaigns: await listCampaigns(context.db), meta: { title: t.metaTitle, description: t.intro } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

export default function CampaignsPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  const t = useT().campaigns.list;
  return (
    <>
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      {campaigns.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="card-list">
          {campaigns.map((c) => (
            <CampaignCard key={c.slug} c={c} headingLevel={2} />
          ))}
        </ul>
      )}
    </>
  );
}
