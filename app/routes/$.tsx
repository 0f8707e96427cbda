/**
 * Every address no other route answers. Without this route a missing page never ran the root loader, so the 404
 * came in Vietnamese whatever the reader had chosen; here it is thrown from a route, and the root's error page
 * (title, links to search, tracking and home) speaks the reader's language.
 */
function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export const loader = notFound;
export const action = notFound;

export default function NotFound() {
  return null;
}
