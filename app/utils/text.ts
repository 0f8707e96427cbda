/**
 * Text rules shared by the server and the browser.
 * Stored text is NFC with control characters, zero-width characters and bidirectional overrides removed;
 * search compares folded text (lower case, no diacritics, đ → d).
 */

// C0/C1 controls except tab, newline and carriage return; zero-width and bidi formatting characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function cleanText(input: string): string {
  return input.normalize("NFC").replace(UNWANTED, "").replace(/\r\n?/g, "\n");
}

/** Cleans and trims a single-line value, collapsing runs of white space. */
export function cleanLine(input: string): string {
  return cleanText(input).replace(/\s+/g, " ").trim();
}

export function fold(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .normalize("NFC");
}

/** A URL-safe slug from Vietnamese text: "Cải cách thủ tục" → "cai-cach-thu-tuc". */
export function slugify(input: string, maxLength = 80): string {
  return fold(input)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}
