/**
 * On the staff initiative page: the way to the similar-initiatives view (screening's duplicate check) and the
 * duplicate links this initiative already has, both ways, with the submitter's answer.
 */
import "~/i18n/sections/duplicates";
import { PageLink } from "~/components/page-links";
import { useT } from "~/i18n/use-t";
import type { StaffLink } from "~/models/duplicates/links.server";

export function DuplicateLinksList({ links }: { links: StaffLink[] }) {
  const t = useT().duplicates.staff;
  if (links.length === 0) return null;
  return (
    <ul className="duplicate-links">
      {links.map((l) => (
        <li key={l.id}>
          <PageLink to={`/staff/initiatives/${l.otherCode}`}>
            {l.direction === "duplicate_of" ? t.duplicateOf(l.otherCode) : t.originalOf(l.otherCode)}
          </PageLink>{" "}
          — {t.linkStatus[l.status]} ({Math.round(l.score * 100)}%)
          {l.objection ? (
            <>
              <br />
              <span className="hint">{t.objection}:</span> <q className="pre-wrap">{l.objection}</q>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function DuplicatesSummary({ code, links }: { code: string; links: StaffLink[] }) {
  const t = useT().duplicates.staff;
  return (
    <section aria-labelledby="duplicates-title" className="no-print duplicates-summary">
      <h2 id="duplicates-title">{t.links}</h2>
      <DuplicateLinksList links={links} />
      <p>
        <PageLink className="button secondary" to={`/staff/initiatives/${code}/duplicates`}>
          {t.link}
        </PageLink>
      </p>
    </section>
  );
}
