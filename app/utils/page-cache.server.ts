/**
 * The rendered-page cache of the public side (docs/decisions/033-rendered-page-cache.md).
 *
 * A public page's bytes depend only on its address, the language, the public content and the Hà Nội date. The
 * server keeps what it rendered under exactly that key, so a repeat request costs a map lookup and a socket
 * write instead of loaders and React. The content part of the key is `public_state.pages`, which database
 * triggers bump in the same transaction as every write a public page could show: a request that arrives after
 * a write's response reads the new version and so never finds a page rendered before it.
 */
import zlib from "node:zlib";
import type { DB } from "../../db/client";

/** The version of what public pages show; triggers bump it with every write they could show (migration 0020). */
export async function publicPagesVersion(db: DB): Promise<number> {
  const row = await db.selectFrom("public_state").select("version").where("key", "=", "pages").executeTakeFirst();
  return row?.version ?? 0;
}

/** Paths whose pages are the same for every visitor; anything else is never looked up. */
const CACHEABLE_PATHS = [
  /^\/$/,
  /^\/initiatives$/,
  /^\/initiatives\/[^/]+$/,
  /^\/statistics$/,
  /^\/certificates$/,
  /^\/certificates\/[^/]+(\/print)?$/,
  /^\/open-data$/,
  /^\/open-data\/initiatives\.(csv|json|xlsx)$/,
  /^\/feed\.xml$/,
  /^\/sitemap\.xml$/,
  /^\/privacy$/,
  /^\/open-data\/timeliness\.(csv|json)$/,
  /^\/campaigns(\/[^/]+)?$/,
];

/** The list as one expression: every request asks, and one match is cheaper than a dozen. */
const CACHEABLE_PATH = new RegExp(CACHEABLE_PATHS.map((re) => `(?:${re.source})`).join("|"));

export function isCacheablePath(pathname: string): boolean {
  return CACHEABLE_PATH.test(pathname);
}

/**
 * The query in one canonical order, so `?a=1&b=2` and `?b=2&a=1` share an entry. `_data` (Remix's data
 * requests) is left to Remix: null means "do not cache".
 */
export function normalisedQuery(search: string): string | null {
  // most addresses have none: no parsing for them
  if (search === "" || search === "?") return "";
  const params = new URLSearchParams(search);
  if (params.has("_data")) return null;
  const pairs = [...params].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return new URLSearchParams(pairs).toString();
}

export interface PageKeyParts {
  pathname: string;
  query: string;
  lang: string;
  version: number;
  /** the Hà Nội date: pages that show "open now" or "days left" change at midnight there */
  day: string;
}

export function pageKey(p: PageKeyParts): string {
  return `${p.version}|${p.day}|${p.lang}|${p.pathname}?${p.query}`;
}

export interface CachedPage {
  status: number;
  headers: [string, string][];
  etag: string | null;
  body: Buffer;
  gzip: Buffer;
}

const ENTRY_OVERHEAD = 512;

function sizeOf(page: CachedPage): number {
  let n = page.body.length + page.gzip.length + ENTRY_OVERHEAD;
  for (const [k, v] of page.headers) n += k.length + v.length;
  return n;
}

/** Only a complete, successful, shared-cacheable answer that sets no cookie is kept. */
export function isStorable(status: number, headers: Headers): boolean {
  if (status !== 200) return false;
  if (headers.has("Set-Cookie")) return false;
  return /\bpublic\b/.test(headers.get("Cache-Control") ?? "");
}

export function compressedCopy(body: Buffer): Buffer {
  return zlib.gzipSync(body, { level: 6 });
}

/** Entries not read for longest go first once the bytes held would pass `maxBytes`. */
export class PageCache {
  /** In the order kept; `used`: read since kept or since the last eviction pass went by (second chance). */
  private entries = new Map<string, { page: CachedPage; size: number; used: boolean }>();
  private bytes = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // A flag, not a move to the back: a hit stays a lookup (the order is mended when something must go).
    entry.used = true;
    return entry.page;
  }

  set(key: string, page: CachedPage): void {
    const size = sizeOf(page);
    // A page bigger than an eighth of the cache would push out many others for one address.
    if (size > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { page, size, used: false });
    this.bytes += size;
    // The oldest go first, except those read since the last pass, which go to the back once (the CLOCK algorithm,
    // an approximation of least recently used). It ends: a pass clears the flags, and one page is at most an eighth.
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      if (e.used) {
        e.used = false;
        this.entries.set(k, e);
        continue;
      }
      this.bytes -= e.size;
      this.evictions++;
    }
  }

  /** Entries of older versions are never asked for again; they age out as new ones come in. */
  stats() {
    return {
      entries: this.entries.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }
}
