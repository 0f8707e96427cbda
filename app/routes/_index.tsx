import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Sáng kiến CCHC" }];

// Placeholder home; the public side replaces it with the programme, latest initiatives and figures.
export default function Index() {
  const t = useT().common;
  return (
    <section>
      <h1>{t.siteTagline}</h1>
      <p>
        <Link className="button" to="/submit">{t.nav.submit}</Link>
      </p>
    </section>
  );
}
