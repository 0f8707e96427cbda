/** Limits and paths of the public version, shared by the server and the publication page. */

export const TITLE_MAX = 300;
export const TEXT_MAX = 20000;

export function publicationPath(slug: string): string {
  return `/initiatives/${encodeURIComponent(slug)}`;
}
