import "~/i18n/sections/campaigns";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/utils/dates";

/** "Đã áp dụng tại …": where a published initiative has been applied, with a count; nothing when nowhere yet. */
export function Adoptions({ adoptions }: { adoptions: { placeName: string; adoptedOn: string; result: string }[] }) {
  const t = useT().campaigns.adoptions;
  const lang = useLang();
  if (adoptions.length === 0) return null;
  return (
    <section aria-labelledby="adoptions-title" className="adoptions">
      <h2 id="adoptions-title" data-adoptions={adoptions.length}>
        {t.heading(adoptions.length)}
      </h2>
      <p>{t.lead}</p>
      <ul>
        {adoptions.map((a, i) => (
          <li key={i}>
            <strong lang="vi">{a.placeName}</strong> (<time dateTime={a.adoptedOn}>{formatDate(a.adoptedOn, lang)}</time>):{" "}
            <span lang="vi">{a.result}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
