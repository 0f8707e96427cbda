/** The feed's and the sitemap's publications, and the version that validates every bulk output. */
import type { ReformArea } from "../../domain/vocabulary";
import { getEnv, publicUrl } from "../../utils/env.server";
import { publishedBase, type Executor } from "./published.server";

/** Changes whenever any publication changes (a trigger bumps it): the validator of bulk outputs. */
export async function publicationsVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom("public_state").select("version").where("key", "=", "publications").executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The newest publications for the feed and the sitemap, of one reform area when given. */
export async function recentPublications(db: Executor, limit: number, area?: ReformArea) {
  let q = publishedBase(db);
  if (area) q = q.where("p.reform_area", "=", area);
  return q
    .select([
      "p.slug",
      "p.title",
      "p.problem",
      "p.benefit",
      "p.author_name",
      "p.co_author_names",
      "p.published_at",
      "p.decided_at",
      "l.name_vi as level_vi",
      "l.name_en as level_en",
    ])
    .orderBy("p.published_at", "desc")
    .orderBy("p.initiative_id", "desc")
    .limit(limit)
    .execute();
}

/** The site's public address (PUBLIC_URL, which the server sets to its own address when none is configured). */
export function siteOrigin(_request: Request): string {
  // Never the request's Host header: a forged Host would otherwise end up in og:url, the feed and QR codes,
  // and from there in shared caches. The server sets PUBLIC_URL to its own address when none is configured.
  return publicUrl(getEnv());
}
