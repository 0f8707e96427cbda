import "~/i18n/sections/citizen.page";
import "~/i18n/sections/tracking.page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useLang, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/utils/dates";
import { listCapturedMail, requireDevelopment } from "~/utils/dev-mail.server";

export const meta: MetaFunction = () => [{ title: "Mail · Sáng kiến CCHC" }, { name: "robots", content: "noindex" }];

/** Development only: the mail that the file transport wrote to DATA_DIR/mail, newest first. */
export async function loader(_: LoaderFunctionArgs) {
  requireDevelopment();
  return { mails: await listCapturedMail() };
}

export default function DevMail() {
  const { mails } = useLoaderData<typeof loader>();
  const t = useT().tracking.devMail;
  const lang = useLang();
  return (
    <section aria-labelledby="mail-title">
      <h1 id="mail-title">{t.title}</h1>
      <p className="hint">{t.intro}</p>
      {mails.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol className="mail-list">
          {mails.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>
                  <PageLink to={`/dev/mail/${m.id}`}>{m.subject}</PageLink>
                </strong>
              </p>
              <p className="hint">
                {t.to}: {m.to} · {t.at}: {m.at ? formatDateTime(m.at, lang) : "—"}
              </p>
              <details>
                <summary>{t.open}</summary>
                <pre className="mail-text">{m.text}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
