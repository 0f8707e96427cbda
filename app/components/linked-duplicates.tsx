/**
 * On a published initiative's public page: the initiatives whose submitters agreed they duplicate this one. A
 * duplicate that is itself published links to its page; any other is named by its tracking code only, so nothing
 * unpublished is shown.
 */
import "~/i18n/sections/duplicates";
import { PageLink } from "~/components/page-links";
import { useT } from "~/i18n/use-t";
import type { PublicDuplicate } from "~/models/duplicates/links.server";

export function LinkedDuplicates({ duplicates }: { duplicates: PublicDuplicate[] }) {
  const t = useT().duplicates.public;
  if (duplicates.length === 0) return null;
  return (
    <section aria-labelledby="linked-duplicates-title" className="linked-duplicates">
      <h2 id="linked-duplicates-title">{t.title}</h2>
      <p>{t.intro}</p>
      <ul>
        {duplicates.map((d) => (
          <li key={d.code}>
            {d.slug ? (
              <PageLink to={`/initiatives/${d.slug}`} lang="vi">
                {d.title ?? d.code}
              </PageLink>
            ) : (
              d.code
            )}{" "}
            {d.slug ? <span className="hint">({d.code})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
