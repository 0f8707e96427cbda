/**
 * Accessible bar charts drawn as SVG on the server, with the same figures in a table beside them:
 * the SVG is one labelled image (role="img", <title>, <desc> with every value), the table is the data.
 * No client library: nothing here needs JavaScript.
 */
import { TableScroll } from "./table-scroll";

export interface ChartSeries {
  label: string;
  /** a CSS class giving the bar its colour (see "Public side" in styles.css) */
  className: string;
}

export interface ChartRow {
  label: string;
  values: number[];
  /** the label's language when it is not the page's (a ward's or agency's own Vietnamese name) */
  lang?: string;
}

const WIDTH = 640;
const LABEL_W = 210;
const BAR_H = 14;
const GAP = 4;
const ROW_GAP = 12;
const VALUE_W = 56;

function shorten(label: string, max = 30) {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function BarChart({
  id,
  title,
  description,
  keyHeading,
  series,
  rows,
  format = (n: number) => String(n),
}: {
  id: string;
  title: string;
  description: string;
  keyHeading: string;
  series: ChartSeries[];
  rows: ChartRow[];
  format?: (n: number) => string;
}) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const rowH = series.length * BAR_H + (series.length - 1) * GAP + ROW_GAP;
  const legendH = 24;
  const height = legendH + rows.length * rowH + 4;
  const scale = (WIDTH - LABEL_W - VALUE_W) / max;
  const summary = rows.map((r) => `${r.label}: ${r.values.map((v, i) => `${series[i].label} ${format(v)}`).join(", ")}`).join("; ");
  return (
    <section className="chart-block" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <p id={`${id}-about`} className="hint">
        {description}
      </p>
      <div className="chart-pair">
        <svg
          className="chart"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${WIDTH} ${height}`}
          preserveAspectRatio="xMinYMin meet"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          <g>
            {series.map((s, i) => (
              <g key={s.label} transform={`translate(${LABEL_W + i * 150}, 4)`}>
                <rect width="12" height="12" className={s.className} />
                <text x="18" y="11" className="chart-text">
                  {s.label}
                </text>
              </g>
            ))}
          </g>
          {rows.map((r, ri) => {
            const y0 = legendH + ri * rowH;
            return (
              <g key={`${r.label}-${ri}`}>
                <text x={LABEL_W - 8} y={y0 + (rowH - ROW_GAP) / 2 + 4} textAnchor="end" className="chart-text" lang={r.lang}>
                  {shorten(r.label)}
                </text>
                {r.values.map((v, i) => {
                  const y = y0 + i * (BAR_H + GAP);
                  const w = Math.max(v > 0 ? 2 : 0, v * scale);
                  return (
                    <g key={i}>
                      <rect x={LABEL_W} y={y} width={w} height={BAR_H} className={series[i].className} />
                      <text x={LABEL_W + w + 4} y={y + BAR_H - 3} className="chart-text">
                        {format(v)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
        <TableScroll labelledBy={`${id}-heading`}>
          <table className="chart-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{keyHeading}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label} className="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, ri) => (
                <tr key={`${r.label}-${ri}`}>
                  <th scope="row" lang={r.lang}>
                    {r.label}
                  </th>
                  {r.values.map((v, i) => (
                    <td key={i} className="num">
                      {format(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
