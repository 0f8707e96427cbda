/**
 * The citizen texts for a page's script: in the browser only the reader's language is fetched, before the modules
 * that read it run (a top-level await); on the server and in tests both languages are there.
 */
import { loadForPage } from "../registry";

await loadForPage("citizen", {
  vi: () => import("./citizen.vi").then((m) => m.vi),
  en: () => import("./citizen.en").then((m) => m.en),
});
