/**
 * The submitter's rating (docs/decisions/037-service-targets-and-ratings.md) through the real handler: refused before
 * a final answer, given once from the private page's form, shown back there; counted on /statistics without its
 * comment; seen by staff per agency and answered privately, the answer reaching the submitter by mail and on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/timeliness";
import { dictionaryFor } from "~/i18n/index";
import { trackingToken } from "~/utils/tokens.server";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn } from "./review-fixtures";
import { moves, receivedOn } from "./timeliness-fixtures";

let t: TestDb;
let app: TestApp;
const tr = dictionaryFor("vi").timeliness.rating;
const COMMENT = "Lý do chưa thật rõ ràng, mong giải thích thêm về tiêu chí tính mới.";

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

async function linkOf(id: number) {
  const row = await t.db.selectFrom("initiatives").select(["code", "link_version"]).where("id", "=", id).executeTakeFirstOrThrow();
  const token = trackingToken(row.code, row.link_version);
  return { code: row.code, page: `/track/${row.code}?t=${token}`, post: `/track/${row.code}/rating?t=${token}` };
}

const rate = (path: string, fields: Record<string, string>) => app.fetch(path, { method: "POST", body: new URLSearchParams(fields) });

const GOOD = { clarity: "2", timeliness: "4", courtesy: "5", comment: COMMENT };

async function ratingCount() {
  const json = await (await app.fetch("/open-data/timeliness.json")).json();
  return json.ratings as { count: number; clarity: { counts: Record<string, number> } };
}

describe("the submitter's rating", () => {
  it("is refused before a final answer, with nothing written", async () => {
    const id = await receivedOn(t.db, "2026-10-01");
    await moves(t.db, id, [["screening", "2026-10-02"]]);
    const link = await linkOf(id);
    expect(await (await app.fetch(link.page)).text()).not.toContain('id="rating"');
    const res = await rate(link.post, GOOD);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(tr.errors.rating_not_yet);
    expect(await t.db.selectFrom("ratings").select("id").where("initiative_id", "=", id).execute()).toEqual([]);
  });

  it("is given once after the decision, shows on the private page and counts on /statistics without its comment", async () => {
    const id = await receivedOn(t.db, "2026-09-01");
    await moves(t.db, id, [
      ["screening", "2026-09-03"],
      ["in_review", "2026-09-08"],
      ["council", "2026-09-15"],
      ["not_recognised", "2026-10-01"],
    ]);
    const link = await linkOf(id);
    const page = await (await app.fetch(link.page)).text();
    expect(page).toContain('id="rating"');
    expect(page).toContain(`action="${link.post.replace(/&/g, "&amp;")}"`);

    // A score out of range is refused with the field's message and nothing written.
    const bad = await rate(link.post, { ...GOOD, clarity: "7" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(tr.errors.score_missing);

    const before = await ratingCount();
    const version = await publicPagesVersion(t.db);
    const ok = await rate(link.post, GOOD);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toContain("#rating");
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(version);
    const after = await ratingCount();
    expect(after.count).toBe(before.count + 1);
    expect(after.clarity.counts["2"]).toBe(before.clarity.counts["2"] + 1);

    const shown = await (await app.fetch(link.page)).text();
    expect(shown).toContain('data-rated="yes"');
    expect(shown).toContain(COMMENT);

    // Once only: a second post is refused and the first stands.
    const again = await rate(link.post, { ...GOOD, clarity: "5" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(tr.errors.rating_exists);
    const rows = await t.db.selectFrom("ratings").select(["clarity"]).where("initiative_id", "=", id).execute();
    expect(rows).toEqual([{ clarity: 2 }]);

    // Never public: neither the statistics page nor the open data carry the comment.
    expect(await (await app.fetch("/statistics")).text()).not.toContain(COMMENT);
    expect(await (await app.fetch("/open-data/timeliness.json")).text()).not.toContain(COMMENT);
  });

  it("is seen by staff per agency and answered privately: by mail through the outbox and on the private page", async () => {
    const id = await receivedOn(t.db, "2026-08-03");
    await moves(t.db, id, [
      ["screening", "2026-08-04"],
      ["rejected", "2026-08-05"],
    ]);
    const link = await linkOf(id);
    expect((await rate(link.post, GOOD)).status).toBe(302);
    const rating = await t.db.selectFrom("ratings").select("id").where("initiative_id", "=", id).executeTakeFirstOrThrow();

    // A reviewer does not see the page at all.
    expect((await app.fetch("/staff/timeliness", { headers: { Cookie: await signIn(t.db, "reviewer1@example.org") } })).status).toBe(403);

    const secretary = await signIn(t.db, "secretary@example.org");
    const staffPage = await (await app.fetch("/staff/timeliness", { headers: { Cookie: secretary } })).text();
    expect(staffPage).toContain(`data-rating="${rating.id}"`);
    expect(staffPage).toContain('data-place="city"');

    const post = (body: string) =>
      app.fetch("/staff/timeliness", {
        method: "POST",
        headers: { Cookie: secretary },
        body: new URLSearchParams({ rating: String(rating.id), body }),
      });
    const short = await post("ok");
    expect(short.status).toBe(400);
    expect(await short.text()).toContain(dictionaryFor("vi").timeliness.staff.errors.reply_short);

    const answer = "Cảm ơn bạn. Hồ sơ trùng với sáng kiến đã công nhận; chúng tôi sẽ ghi rõ số hồ sơ trùng trong thư sau.";
    const version = await publicPagesVersion(t.db);
    expect((await post(answer)).status).toBe(302);
    expect(await publicPagesVersion(t.db)).toBe(version);
    const mail = await t.db.selectFrom("outbox").select(["to_address", "text"]).where("dedupe_key", "like", "rating-reply:%").execute();
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(answer);
    expect(mail[0].text).toContain(`/track/${link.code}?t={tracking-token}#rating`);
    expect(await (await app.fetch(link.page)).text()).toContain(answer);
  });

  it("is invited by the decision email, with a link to the private page's rating", async () => {
    const id = await receivedOn(t.db, "2026-07-01");
    await moves(t.db, id, [["screening", "2026-07-02"]]);
    const { transition } = await import("~/models/initiative/lifecycle.server");
    await transition(t.db, { initiativeId: id, to: "rejected", actor: "secretary", message: "Ngoài phạm vi cải cách hành chính." });
    const { code } = await linkOf(id);
    const mails = await t.db
      .selectFrom("outbox")
      .select("text")
      .where("text", "like", `%/track/${code}?t={tracking-token}#rating%`)
      .execute();
    expect(mails).toHaveLength(1);
  });
});
