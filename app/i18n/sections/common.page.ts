/**
 * The common texts for a page's script: in the browser only the reader's language is fetched, before the modules
 * that read it run (a top-level await); on the server and in tests both languages are there.
 */
import { loadForPage } from "../registry";

await loadForPage("common", {
  vi: () => import("./common.vi").then((m) => m.vi),
  en: () => import("./common.en").then((m) => m.en),
});
