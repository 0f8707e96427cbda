import "~/i18n/sections/service";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { STATUSES } from "~/domain/vocabulary";
import { helpFacts } from "~/models/service/help.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { serviceIdentity } from "~/utils/env.server";
import { TableScroll } from "~/components/table-scroll";

/** A document: no JavaScript (see root.tsx); the FAQ opens with <details>. */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).service.help;
  return data({ facts: await helpFacts(context.db), contact: serviceIdentity(), meta: { title: t.metaTitle, description: t.intro } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

const SECTIONS = ["submit", "review", "criteria", "commendations", "deadlines", "faq"] as const;

export default function HelpPage() {
  const { facts, contact } = useLoaderData<typeof loader>();
  const dict = useT();
  const t = dict.service.help;
  const lang = useLang();
  const n = (v: number) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(v);
  const titles: Record<(typeof SECTIONS)[number], string> = {
    submit: t.submitTitle,
    review: t.reviewTitle,
    criteria: t.criteriaTitle,
    commendations: t.commendationsTitle,
    deadlines: t.deadlinesTitle,
    faq: t.faqTitle,
  };
  return (
    <article className="help-page">
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <nav aria-labelledby="help-contents">
        <h2 id="help-contents">{t.contents}</h2>
        <ol>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{titles[s]}</a>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="submit">
        <h2 id="submit">{t.submitTitle}</h2>
        <ol>
          {t.submitSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <p>{t.files(facts.limits.maxFiles, facts.limits.maxFileMb)}</p>
        <p>{t.longText(n(facts.limits.longMax))}</p>
        <p>{t.afterSubmit}</p>
        <p>
          <PageLink className="button" to="/submit">
            {t.submitLink}
          </PageLink>{" "}
          <PageLink className="button secondary" to="/track">
            {t.trackLink}
          </PageLink>
        </p>
      </section>

      <section aria-labelledby="review">
        <h2 id="review">{t.reviewTitle}</h2>
        <ol className="steps">
          {t.reviewSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <p>{t.withdraw}</p>
        <h3>{t.statusesTitle}</h3>
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>{dict.common.status[s]}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="criteria">
        <h2 id="criteria">{t.criteriaTitle}</h2>
        <p>{t.criteriaIntro}</p>
        <p>{t.rubricIntro}</p>
        <TableScroll labelledBy="criteria">
          <table id="rubric" aria-labelledby="criteria">
            <thead>
              <tr>
                <th scope="col">{t.criterion}</th>
                <th scope="col">{t.weight}</th>
                <th scope="col">{t.scale}</th>
              </tr>
            </thead>
            <tbody>
              {facts.criteria.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{lang === "vi" ? c.labelVi : c.labelEn}</th>
                  <td>{c.weight}</td>
                  <td>{`${c.scaleMin}–${c.scaleMax}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="commendations">
        <h2 id="commendations">{t.commendationsTitle}</h2>
        <p>{t.commendationsIntro}</p>
        <ul>
          {facts.levels.map((l) => (
            <li key={l.code}>{lang === "vi" ? l.nameVi : l.nameEn}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="deadlines">
        <h2 id="deadlines">{t.deadlinesTitle}</h2>
        <ul>
          <li>{t.deadlines.decision}</li>
          <li>{t.deadlines.review(facts.limits.reviewDays)}</li>
          <li>{t.deadlines.moreInfo}</li>
          <li>{t.deadlines.privacy(facts.limits.privacyDays)}</li>
        </ul>
      </section>

      <section aria-labelledby="faq-title" id="faq">
        <h2 id="faq-title">{t.faqTitle}</h2>
        {t.faq.map((f) => (
          <details key={f.q}>
            <summary>{f.q}</summary>
            <p>{f.a}</p>
          </details>
        ))}
      </section>

      <section aria-labelledby="help-contact">
        <h2 id="help-contact">{t.contactTitle}</h2>
        <p>
          {t.contact} <a href={`mailto:${contact.email}`}>{contact.email}</a>
          {" · "}
          <a href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}>{contact.phone}</a>
        </p>
      </section>
    </article>
  );
}
