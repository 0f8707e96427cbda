import { useRouteLoaderData } from "@remix-run/react";
import { dictionaryFor, type Lang } from "./index";

/** The page's language, from the root loader. */
export function useLang(): Lang {
  const data = useRouteLoaderData("root") as { lang?: Lang } | undefined;
  return data?.lang ?? "vi";
}

/** The dictionary of the page's language: `const t = useT(); t.common.nav.home`. */
export function useT() {
  return dictionaryFor(useLang());
}
