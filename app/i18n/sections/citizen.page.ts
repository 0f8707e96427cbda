/**
 * The citizen texts for a page's script: in the browser only the reader's language is fetched, before the modules
 * that read it run (a top-level await); on the server and in tests both languages are there.
 * The browser gets the page's part (`citizen.vi.ts`): of `validation`, only the two messages it checks itself; the
 * server's other messages (`citizen.checks.*.ts`) come already written in the answers it renders.
 */
import type { Dictionary } from "../index";
import { loadForPage } from "../registry";

await loadForPage("citizen", {
  vi: () => import("./citizen.vi").then((m) => m.vi as Dictionary["citizen"]),
  en: () => import("./citizen.en").then((m) => m.en as Dictionary["citizen"]),
});
