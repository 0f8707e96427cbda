import "~/i18n/sections/citizen.page";
import { useT } from "~/i18n/use-t";

/** The campaign the submit page was opened for: its title, and whether it takes submissions today. */
export interface SubmitCampaign {
  slug: string;
  title: string;
  open: boolean;
}

/** What the submit page says of `?campaign=…`: which campaign the form answers, or that it is not open. */
export function CampaignBanner({ campaign }: { campaign: SubmitCampaign | null }) {
  const t = useT().citizen.campaign;
  if (!campaign) return null;
  return campaign.open ? (
    <p className="notice ok campaign-banner" role="status" data-campaign={campaign.slug}>
      {t.banner(campaign.title)}
    </p>
  ) : (
    <p className="notice warn campaign-banner" role="note">
      {t.closedNotice(campaign.title)}
    </p>
  );
}
