/**
 * Every address no other route answers. Without this route a missing page never ran the root loader, so the 404
 * came in Vietnamese whatever the reader had chosen; thrown from here, the error page speaks the reader's language
 * and has a title (this route's meta runs only here, so the other pages' scripts do not carry it).
 */
import "~/i18n/sections/public";
import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dictionaryFor, isLang } from "~/i18n/index";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export const loader = notFound;
export const action = notFound;

export const meta: MetaFunction = ({ matches }) => {
  const lang = (matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined)?.lang;
  const t = dictionaryFor(isLang(lang) ? lang : "vi");
  return [{ title: `${t.public.pageNotFound} · ${t.common.siteName}` }, { name: "robots", content: "noindex" }];
};

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
