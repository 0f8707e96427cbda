import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import "./i18n/sections/common.page";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { PageLink, PageNavLink, RouterLinks } from "./components/page-links";
import { dictionaryFor, langFromRequest, type Lang } from "./i18n/index";
import { useNonce } from "./utils/nonce";
import { serviceIdentity, type ServiceIdentity } from "./utils/env.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: langFromRequest(request), identity: serviceIdentity() };
}

function Header({ lang, identity }: { lang: Lang; identity?: ServiceIdentity }) {
  const t = dictionaryFor(lang).common;
  const location = useLocation();
  // Without the address's own `?lang=`, which would otherwise win over the choice just made.
  const query = new URLSearchParams(location.search);
  query.delete("lang");
  const here = location.pathname + (query.size ? `?${query}` : "");
  return (
    <header className="site-header">
      <div className="wrap header-row">
        <div className="brand-block">
          {/* The issuing authority, as on every state web site (Nghị định 42/2022/NĐ-CP); its name is Vietnamese. */}
          {identity ? (
            <p className="issuer" lang={lang === "vi" ? undefined : "vi"}>
              {identity.authority}
            </p>
          ) : null}
          <PageLink to="/" className="brand">
            <span className="brand-name">{t.siteName}</span>
            <span className="brand-tagline">{t.siteTagline}</span>
          </PageLink>
        </div>
        <Form method="post" action="/lang" className="lang-switch" reloadDocument>
          <input type="hidden" name="lang" value={lang === "vi" ? "en" : "vi"} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" lang={lang === "vi" ? "en" : "vi"} aria-label={`${t.language.label}: ${t.language.switchTo}`}>
            {t.language.switchTo}
          </button>
        </Form>
      </div>
      <nav aria-label={t.nav.main} className="wrap main-nav">
        <PageNavLink to="/" end>
          {t.nav.home}
        </PageNavLink>
        <PageNavLink to="/submit">{t.nav.submit}</PageNavLink>
        <PageNavLink to="/track">{t.nav.track}</PageNavLink>
        <PageNavLink to="/initiatives">{t.nav.initiatives}</PageNavLink>
        <PageNavLink to="/statistics">{t.nav.statistics}</PageNavLink>
        <PageNavLink to="/open-data">{t.nav.openData}</PageNavLink>
        <PageNavLink to="/staff">{t.nav.staff}</PageNavLink>
      </nav>
    </header>
  );
}

/**
 * The managing body and its contacts (Nghị định 42/2022/NĐ-CP), from the configuration, and the links every page
 * owes its readers. The names and the address are Vietnamese whatever the page's language.
 */
function Footer({ lang, identity }: { lang: Lang; identity?: ServiceIdentity }) {
  const t = dictionaryFor(lang).common;
  const s = t.service;
  const vi = lang === "vi" ? undefined : "vi";
  return (
    <footer className="site-footer">
      <div className="wrap footer-grid">
        {identity ? (
          <section aria-labelledby="footer-service">
            <h2 id="footer-service" className="footer-title">
              {s.title}
            </h2>
            <dl className="footer-facts">
              <dt>{s.authority}</dt>
              <dd lang={vi}>{identity.authority}</dd>
              <dt>{s.body}</dt>
              <dd lang={vi}>{identity.body}</dd>
              <dt>{s.address}</dt>
              <dd lang={vi}>{identity.address}</dd>
              <dt>{s.phone}</dt>
              <dd>
                <a href={`tel:${identity.phone.replace(/[^\d+]/g, "")}`}>{identity.phone}</a>
              </dd>
              <dt>{s.email}</dt>
              <dd>
                <a href={`mailto:${identity.email}`}>{identity.email}</a>
              </dd>
              <dt>{s.responsible}</dt>
              <dd lang={vi}>{identity.responsible}</dd>
            </dl>
          </section>
        ) : null}
        <nav aria-labelledby="footer-links">
          <h2 id="footer-links" className="footer-title">
            {s.links}
          </h2>
          <ul className="footer-links">
            <li>
              <PageLink to="/help">{s.help}</PageLink>
            </li>
            <li>
              <PageLink to="/accessibility">{s.accessibility}</PageLink>
            </li>
            <li>
              <PageLink to="/privacy">{t.privacyNotice}</PageLink>
            </li>
            <li>
              <PageLink to="/open-data">{s.openData}</PageLink>
            </li>
          </ul>
        </nav>
        <p className="footer-note">{t.footer}</p>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = data?.lang ?? "vi";
  const t = dictionaryFor(lang).common;
  const nonce = useNonce();
  // Public reading pages are documents: links and GET forms do all they need, so they ship no JavaScript at all
  // (a route opts out with `handle = { hydrate: false }`). Forms that gain from scripts (submit, staff) keep them.
  const hydrate = !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <RouterLinks enabled={hydrate}>
          <Header lang={lang} identity={data?.identity} />
          <main id="main" tabIndex={-1} className="wrap">
            {children}
          </main>
          <Footer lang={lang} identity={data?.identity} />
        </RouterLinks>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
