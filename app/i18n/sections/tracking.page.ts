/**
 * The tracking texts for a page's script: in the browser only the reader's language is fetched, before the modules
 * that read it run (a top-level await); on the server and in tests both languages are there.
 */
import { loadForPage } from "../registry";

await loadForPage("tracking", {
  vi: () => import("./tracking.vi").then((m) => m.vi),
  en: () => import("./tracking.en").then((m) => m.en),
});
