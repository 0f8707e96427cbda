import "~/i18n/sections/campaigns";
import { useT } from "~/i18n/use-t";

/** The queue's campaign filter: nothing when no campaign exists yet. */
export function CampaignFilter({ campaigns, value }: { campaigns: { id: number; title: string }[]; value?: number }) {
  const t = useT().campaigns.queue;
  if (campaigns.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor="campaign">{t.campaign}</label>
      <select id="campaign" name="campaign" defaultValue={value ? String(value) : ""}>
        <option value="">{t.any}</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}
