/**
 * The on-time section of /statistics (docs/decisions/037-service-targets-and-ratings.md): the two on-time rates, the
 * ranking of agencies and commune-level units, the median days per stage, and the ratings' distributions (never a
 * comment). Tables, so it reads without script and prints.
 */
import "~/i18n/sections/timeliness";
import { useLang, useT } from "~/i18n/use-t";
import type { PublicTimeliness } from "~/models/public/timeliness.server";
import { RATING_ASPECTS, RATING_SCALE, STAGES, type Tally } from "~/models/service-targets/targets";
import { TableScroll } from "~/components/table-scroll";

export function TimelinessSection({ data }: { data: PublicTimeliness }) {
  const t = useT().timeliness.public;
  const lang = useLang();
  const locale = lang === "vi" ? "vi-VN" : "en-GB";
  const nf = new Intl.NumberFormat(locale);
  const pf = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const df = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const rate = (x: Tally) => (x.rate === null ? t.none : pf.format(x.rate));
  const ranked = data.byPlace.filter((p) => p.rank !== null);
  return (
    <section aria-labelledby="timeliness-title" id="timeliness" className="timeliness">
      <h2 id="timeliness-title">{t.title}</h2>
      <p>{t.intro(data.screeningStartDays)}</p>
      <dl className="figures">
        <div data-figure="acknowledged">
          <dt>{t.acknowledged}</dt>
          <dd>
            {rate(data.acknowledged)}{" "}
            <span className="hint">({t.ofMeasured(nf.format(data.acknowledged.onTime), nf.format(data.acknowledged.measured))})</span>
          </dd>
        </div>
        <div data-figure="decided">
          <dt>{t.decided}</dt>
          <dd>
            {rate(data.decided)}{" "}
            <span className="hint">({t.ofMeasured(nf.format(data.decided.onTime), nf.format(data.decided.measured))})</span>
          </dd>
        </div>
      </dl>

      {ranked.length ? (
        <TableScroll labelledBy="timeliness-ranking">
          <table className="timeliness-ranking">
            <caption id="timeliness-ranking">
              {t.rankingTitle}
              <span className="hint"> {t.rankingDesc}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.rank}</th>
                <th scope="col">{t.place}</th>
                <th scope="col">{t.combined}</th>
                <th scope="col">{t.acknowledged}</th>
                <th scope="col">{t.decided}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((p) => (
                <tr key={p.key} data-place={p.key}>
                  <td>{p.rank}</td>
                  <th scope="row" lang={p.kind === "city" ? undefined : "vi"}>
                    {p.kind === "city" ? t.city : p.label}
                  </th>
                  <td>{rate(p.combined)}</td>
                  <td>
                    {rate(p.acknowledged)}{" "}
                    <span className="hint">({t.ofMeasured(nf.format(p.acknowledged.onTime), nf.format(p.acknowledged.measured))})</span>
                  </td>
                  <td>
                    {rate(p.decided)}{" "}
                    <span className="hint">({t.ofMeasured(nf.format(p.decided.onTime), nf.format(p.decided.measured))})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}

      <TableScroll labelledBy="timeliness-stages">
        <table className="timeliness-stages">
          <caption id="timeliness-stages">{t.stagesTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t.stage}</th>
              <th scope="col">{t.medianDays}</th>
              <th scope="col">{t.cases}</th>
            </tr>
          </thead>
          <tbody>
            {STAGES.map((s) => (
              <tr key={s} data-stage={s}>
                <th scope="row">{t.stages[s]}</th>
                <td>{data.medianDays[s] === null ? t.none : nf.format(data.medianDays[s] as number)}</td>
                <td>{nf.format(data.stageCounts[s])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h3 id="ratings-title">{t.ratingsTitle}</h3>
      <p>
        {t.ratingsIntro} <strong data-figure="ratings">{t.ratingsCount(nf.format(data.ratings.count))}</strong>
      </p>
      {data.ratings.count ? (
        <TableScroll labelledBy="ratings-table">
          <table className="ratings-table">
            <caption id="ratings-table" className="visually-hidden">
              {t.ratingsTitle}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.aspect}</th>
                {RATING_SCALE.map((n) => (
                  <th scope="col" key={n}>
                    {t.score(n)}
                  </th>
                ))}
                <th scope="col">{t.mean}</th>
              </tr>
            </thead>
            <tbody>
              {RATING_ASPECTS.map((a) => (
                <tr key={a} data-aspect={a}>
                  <th scope="row">{t.aspects[a]}</th>
                  {data.ratings.aspects[a].counts.map((c, i) => (
                    <td key={i}>{nf.format(c)}</td>
                  ))}
                  <td>{data.ratings.aspects[a].mean === null ? t.none : df.format(data.ratings.aspects[a].mean as number)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
