import "~/i18n/sections/citizen.page";
import "~/i18n/sections/tracking.page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useLang, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { readCapturedMail, requireDevelopment } from "~/utils/dev-mail.server";

export const meta: MetaFunction = () => [{ title: "Mail · Sáng kiến CCHC" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  requireDevelopment();
  const mail = await readCapturedMail(params.id ?? "");
  if (!mail) throw httpError(404, "not_found");
  return { mail };
}

export default function DevMailMessage() {
  const { mail } = useLoaderData<typeof loader>();
  const t = useT().tracking.devMail;
  const lang = useLang();
  return (
    <article aria-labelledby="mail-title">
      <p>
        <PageLink to="/dev/mail">← {t.back}</PageLink>
      </p>
      <h1 id="mail-title">{mail.subject}</h1>
      <dl className="facts">
        <dt>{t.to}</dt>
        <dd>{mail.to}</dd>
        <dt>{t.at}</dt>
        <dd>{mail.at ? formatDateTime(mail.at, lang) : "—"}</dd>
      </dl>
      <pre className="mail-text">{mail.text}</pre>
      {mail.raw ? (
        <details>
          <summary>.eml</summary>
          <pre className="mail-text">{mail.raw}</pre>
        </details>
      ) : null}
    </article>
  );
}
