/**
 * On the server (and in tests) the common texts are there as soon as the dictionaries are: models, emails and
 * error answers read them without importing anything. In the browser this module is empty; the root's script
 * loads the reader's language instead (`~/i18n/sections/common.page`).
 */
import "./sections/common";
