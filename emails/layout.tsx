/**
 * One layout for every email: a heading, paragraphs, a list of facts and one action link,
 * rendered to HTML (React, inline styles for mail clients) and to plain text.
 */
import { renderToStaticMarkup } from "react-dom/server";

export interface EmailContent {
  lang: "vi" | "en";
  subject: string;
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  action?: { label: string; url: string };
  footer: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

function EmailBody({ c }: { c: EmailContent }) {
  return (
    <html lang={c.lang}>
      <head>
        <meta charSet="utf-8" />
        <title>{c.subject}</title>
      </head>
      <body style={{ fontFamily: "Arial, sans-serif", color: "#1a1a1a", lineHeight: 1.5, maxWidth: 640, margin: "0 auto", padding: 16 }}>
        <p style={{ color: "#9b1c1c", fontWeight: "bold", margin: 0 }}>Sáng kiến CCHC · Hà Nội</p>
        <h1 style={{ fontSize: 20 }}>{c.heading}</h1>
        {c.paragraphs.map((p, i) => (
          <p key={i} style={{ whiteSpace: "pre-wrap" }}>
            {p}
          </p>
        ))}
        {c.facts && c.facts.length > 0 ? (
          <table cellPadding={4} style={{ borderCollapse: "collapse" }}>
            <tbody>
              {c.facts.map(([k, v]) => (
                <tr key={k}>
                  <th style={{ textAlign: "left", verticalAlign: "top", paddingRight: 12 }}>{k}</th>
                  <td style={{ whiteSpace: "pre-wrap" }}>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {c.action ? (
          <p>
            <a
              href={c.action.url}
              style={{
                background: "#9b1c1c",
                color: "#fff",
                padding: "10px 16px",
                textDecoration: "none",
                borderRadius: 4,
                display: "inline-block",
              }}
            >
              {c.action.label}
            </a>
            <br />
            <span style={{ fontSize: 12, color: "#555" }}>{c.action.url}</span>
          </p>
        ) : null}
        <hr />
        <p style={{ fontSize: 12, color: "#555" }}>{c.footer}</p>
      </body>
    </html>
  );
}

export function renderEmail(c: EmailContent): RenderedEmail {
  const html = "<!DOCTYPE html>" + renderToStaticMarkup(<EmailBody c={c} />);
  const lines = [c.heading, "", ...c.paragraphs.flatMap((p) => [p, ""])];
  for (const [k, v] of c.facts ?? []) lines.push(`${k}: ${v}`);
  if (c.facts?.length) lines.push("");
  if (c.action) lines.push(`${c.action.label}: ${c.action.url}`, "");
  lines.push("--", c.footer);
  return { subject: c.subject, html, text: lines.join("\n") };
}
