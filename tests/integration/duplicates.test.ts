/**
 * Duplicates (issue 16) through the real handler, on both engines (the demo's near-duplicate titles):
 * the similar list on /submit (published only; found and unrelated-not-found), the no-JavaScript check that comes
 * back filled and creates nothing, the secretary's five most similar of any status, and the round trip of a
 * duplicate link: mark, the submitter told by email, object (back to screening with the reason), agree (listed on
 * the original's public page, the public pages' version moved).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/duplicates";
import "~/i18n/sections/citizen.page";
import { dictionaryFor } from "~/i18n/index";
import { trackingToken } from "~/utils/tokens.server";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, get, post, signIn } from "./staff-support";
import { submissionForm, unescapeHtml } from "./submit-fixtures";

const vi = dictionaryFor("vi").duplicates;

let t: TestDb;
let app: TestApp;
let secretary: string;
/** the demo initiatives in the order the seed made them (its n), with their publication if any */
let demo: { id: number; code: string; title: string; status: string; link_version: number; slug: string | null }[];

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  secretary = await signIn(app, ACCOUNTS.secretary);
  demo = await t.db
    .selectFrom("initiatives as i")
    .leftJoin("publications as p", "p.initiative_id", "i.id")
    .select(["i.id", "i.code", "i.title", "i.status", "i.link_version", "p.slug"])
    .orderBy("i.id")
    .execute();
});
afterAll(() => t.cleanup());

/** The seed cycles through eight ideas: n and n + 8 are the same idea, numbered "(đề xuất n+1)" after the first round. */
const idea = (n: number) => demo.filter((_, k) => k % 8 === n % 8);

async function similarOnSubmit(title: string, problem = "") {
  const res = await app.fetch(`/submit/similar?${new URLSearchParams({ title, problem })}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { slug: string; title: string; score: number; shared: string[] }[] }).items;
}

describe("similar initiatives on /submit", () => {
  it("finds the published repeat of a demo title, with its shared words, and only published ones", async () => {
    const published = demo.filter((d) => d.slug);
    expect(published.length).toBeGreaterThan(3);
    for (const n of [0, 1, 2]) {
      const typed = idea(n)[0];
      const items = await similarOnSubmit(typed.title);
      const expected = idea(n).filter((d) => d.slug);
      expect(expected.length, `idea ${n} has a published repeat`).toBeGreaterThan(0);
      expect(items.map((i) => i.slug)).toEqual(expect.arrayContaining(expected.map((d) => d.slug)));
      expect(items.length).toBeLessThanOrEqual(5);
      for (const i of items) expect(published.map((d) => d.slug)).toContain(i.slug);
      expect(items[0].shared.length).toBeGreaterThan(2);
    }
  });

  it("finds nothing for an idea that exists only unpublished, nor for an unrelated title", async () => {
    // Ideas 6 and 7 are never published in the demo, though several initiatives carry their titles.
    for (const n of [6, 7]) {
      expect(idea(n).some((d) => d.slug)).toBe(false);
      expect(await similarOnSubmit(idea(n)[0].title)).toEqual([]);
    }
    expect(await similarOnSubmit("Trồng cây xanh dọc bờ sông Tô Lịch")).toEqual([]);
    expect(await similarOnSubmit("")).toEqual([]);
  });

  it("the no-JavaScript check re-renders the form filled, with the list, and creates nothing", async () => {
    const before = await t.db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const typed = idea(0)[0].title;
    const body = submissionForm({ title: typed, intent: "check-similar", problem: "Người dân phải quay lại nhiều lần để nhận kết quả." });
    const res = await app.fetch("/submit", { method: "POST", body, redirect: "manual", ip: "203.0.113.61" });
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(dictionaryFor("vi").citizen.similar.title);
    const published = idea(0).find((d) => d.slug)!;
    expect(html).toContain(`/initiatives/${published.slug}`);
    expect(html).toContain("<mark>");
    // the fields are still there
    expect(html).toContain(`value="${typed}"`);
    expect(html).toContain("Người dân phải quay lại nhiều lần để nhận kết quả.");
    const after = await t.db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe("the similar list after the problem text (no JavaScript)", () => {
  /** Where in the page a text first appears, relative to the fields around the two places of the list. */
  const placeOf = (html: string, text: string) => {
    const at = html.indexOf(text);
    expect(at, `${text} is on the page`).toBeGreaterThan(0);
    const [title, area, problem, solution] = ['id="f-title"', 'id="f-reformArea"', 'id="f-problem"', 'id="f-solution"'].map((id) =>
      html.indexOf(id),
    );
    if (at > title && at < area) return "after the title";
    if (at > problem && at < solution) return "after the problem";
    return "elsewhere";
  };

  it("the problem's check button answers with the list after the problem field, weighing the problem, and creates nothing", async () => {
    const published = await t.db
      .selectFrom("publications")
      .select(["slug", "title", "problem"])
      .where("initiative_id", "=", idea(0).find((d) => d.slug)!.id)
      .executeTakeFirstOrThrow();
    const before = await t.db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const body = submissionForm({ title: published.title, intent: "check-similar", problem: published.problem });
    const res = await app.fetch("/submit?similar=problem", { method: "POST", body, redirect: "manual", ip: "203.0.113.62" });
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    expect(placeOf(html, `href="/initiatives/${published.slug}"`)).toBe("after the problem");
    expect(placeOf(html, dictionaryFor("vi").citizen.similar.title)).toBe("after the problem");
    // one list, not two: the place after the title keeps its empty live region and its button
    expect(html.split(`href="/initiatives/${published.slug}"`).length).toBe(2);
    // the problem weighs in: the score shown is the one of title and problem together
    const both = (await similarOnSubmit(published.title, published.problem)).find((i) => i.slug === published.slug)!;
    expect(html).toContain(dictionaryFor("vi").citizen.similar.score(Math.round(both.score * 100)));
    // the fields come back filled; the problem's button posts to its place and opens the page there
    expect(html).toContain(`value="${published.title}"`);
    expect(html).toMatch(/formaction="\/submit\?similar=problem#similar-problem"/i);
    expect(html).toMatch(/<div class="similar-initiatives" id="similar-problem"><div role="status" aria-live="polite"/);
    const after = await t.db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // the title's button (the form's own address) answers with the list after the title
    const fromTitle = await app.fetch("/submit", {
      method: "POST",
      body: submissionForm({ title: published.title, intent: "check-similar", problem: published.problem }),
      redirect: "manual",
      ip: "203.0.113.63",
    });
    expect(placeOf(unescapeHtml(await fromTitle.text()), `href="/initiatives/${published.slug}"`)).toBe("after the title");
  });
});

describe("the secretary's similar initiatives", () => {
  it("lists the same idea's initiatives of any status with a score, and not an unrelated one", async () => {
    const self = idea(0)[0];
    const res = await get(app, `/staff/initiatives/${self.code}/duplicates`, secretary);
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    const table = html.slice(html.indexOf('<table class="similar-table"'), html.indexOf("</table>"));
    const codes = [...table.matchAll(/<td><a [^>]*href="\/staff\/initiatives\/(SK-\d{4}-\d{6})"/g)].map((m) => m[1]);
    expect(codes.length).toBe(Math.min(5, idea(0).length - 1));
    const same = idea(0).map((d) => d.code);
    for (const c of codes) expect(same).toContain(c);
    expect(codes).not.toContain(self.code);
    expect(new Set(codes.map((c) => demo.find((d) => d.code === c)!.status)).size).toBeGreaterThan(1);
    expect(html).toMatch(/\d+%/);
    expect(html).toContain("<mark>");
    for (const other of idea(5)) expect(codes).not.toContain(other.code);
  });

  it("is refused to anyone without the staff view, and marking to a reviewer", async () => {
    const self = idea(0)[0];
    expect((await get(app, `/staff/initiatives/${self.code}/duplicates`)).status).toBe(302);
    const reviewer = await signIn(app, ACCOUNTS.reviewer);
    expect((await get(app, `/staff/initiatives/${self.code}/duplicates`, reviewer)).status).toBe(403);
    const res = await post(app, `/staff/initiatives/${self.code}/duplicates`, reviewer, { intent: "mark", original: idea(0)[4].code });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom("duplicate_links").selectAll().execute()).toEqual([]);
  });
});

describe("a duplicate link's round trip", () => {
  const privateLink = (d: { code: string; link_version: number }) => `/track/${d.code}?t=${trackingToken(d.code, d.link_version)}`;
  const answerUrl = (d: { code: string; link_version: number }) => `/track/${d.code}/duplicate?t=${trackingToken(d.code, d.link_version)}`;

  it("mark, then the submitter objects with a reason: back to screening, nothing linked publicly", async () => {
    // n = 8: idea 0's first repeat, in screening; its published twin is idea 0's published one.
    const dup = demo[8];
    expect(dup.status).toBe("screening");
    const original = idea(0).find((d) => d.slug)!;

    const bad = await post(app, `/staff/initiatives/${dup.code}/duplicates`, secretary, { intent: "mark", original: "SK-9999-999999" });
    expect(bad.status).toBe(400);
    expect(unescapeHtml(await bad.text())).toContain(vi.staff.errors.unknown_code);

    const marked = await post(app, `/staff/initiatives/${dup.code}/duplicates`, secretary, { intent: "mark", original: original.code });
    expect(marked.status).toBe(302);
    const link = await t.db.selectFrom("duplicate_links").selectAll().where("initiative_id", "=", dup.id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ status: "proposed", original_code: original.code });
    expect(link.score).toBeGreaterThan(0.5);

    // told by email, in the submitter's language, with the private link (filled in at sending) and the public page
    const mail = await t.db.selectFrom("outbox").selectAll().where("dedupe_key", "=", `duplicate:${link.id}`).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(vi.email.subject(dup.code));
    expect(mail.text).toContain(`/track/${dup.code}?t=`);
    expect(mail.text).toContain(`/initiatives/${original.slug}`);

    // a second mark while the question is open is refused
    const again = await post(app, `/staff/initiatives/${dup.code}/duplicates`, secretary, { intent: "mark", original: idea(0)[2].code });
    expect(again.status).toBe(400);

    const page = unescapeHtml(await (await app.fetch(privateLink(dup))).text());
    expect(page).toContain(vi.tracking.proposed(original.code));
    expect(page).toContain(`/initiatives/${original.slug}`);

    const empty = await app.fetch(answerUrl(dup), { method: "POST", body: new URLSearchParams({ intent: "object", reason: "  " }) });
    expect(empty.status).toBe(400);
    expect(unescapeHtml(await empty.text())).toContain(vi.tracking.errors.reason_required);
    expect((await t.db.selectFrom("duplicate_links").select("status").where("id", "=", link.id).executeTakeFirstOrThrow()).status).toBe(
      "proposed",
    );

    const reason = "Sáng kiến của tôi áp dụng cho cấp xã, không phải cấp thành phố.";
    const objected = await app.fetch(answerUrl(dup), {
      method: "POST",
      body: new URLSearchParams({ intent: "object", reason }),
      redirect: "manual",
    });
    expect(objected.status).toBe(302);
    expect(objected.headers.get("Location")).toBe(`${privateLink(dup)}#duplicate`);
    const after = await t.db.selectFrom("duplicate_links").selectAll().where("id", "=", link.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "objected", objection: reason });
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", dup.id).executeTakeFirstOrThrow()).status).toBe(
      "screening",
    );

    // the secretary sees the reason on the case
    const staffPage = unescapeHtml(await (await get(app, `/staff/initiatives/${dup.code}`, secretary)).text());
    expect(staffPage).toContain(reason);
    expect(staffPage).toContain(vi.staff.linkStatus.objected);
    // a second answer finds no question
    const late = await app.fetch(answerUrl(dup), { method: "POST", body: new URLSearchParams({ intent: "agree" }) });
    expect(late.status).toBe(409);
    // and the original's public page lists nothing
    const publicPage = unescapeHtml(await (await app.fetch(`/initiatives/${original.slug}`)).text());
    expect(publicPage).not.toContain(vi.public.title);
  });

  it("mark, then the submitter agrees: linked, listed on the original's public page, the public version moved", async () => {
    // n = 9: idea 1's first repeat, in screening
    const dup = demo[9];
    expect(dup.status).toBe("screening");
    const original = idea(1).find((d) => d.slug)!;
    const marked = await post(app, `/staff/initiatives/${dup.code}/duplicates`, secretary, { intent: "mark", original: original.code });
    expect(marked.status).toBe(302);
    const before = await publicPagesVersion(t.db);
    const agreed = await app.fetch(answerUrl(dup), { method: "POST", body: new URLSearchParams({ intent: "agree" }), redirect: "manual" });
    expect(agreed.status).toBe(302);
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(before);
    const link = await t.db.selectFrom("duplicate_links").selectAll().where("initiative_id", "=", dup.id).executeTakeFirstOrThrow();
    expect(link.status).toBe("agreed");
    // linked, not merged: both initiatives are still there, each with its own status
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", dup.id).executeTakeFirstOrThrow()).status).toBe(
      "screening",
    );

    const publicPage = unescapeHtml(await (await app.fetch(`/initiatives/${original.slug}`)).text());
    expect(publicPage).toContain(vi.public.title);
    expect(publicPage).toContain(dup.code);
    // an unpublished duplicate shows by its code only, never its title
    expect(publicPage).not.toContain(dup.title);

    const page = unescapeHtml(await (await app.fetch(privateLink(dup))).text());
    expect(page).toContain(vi.tracking.agreed(original.code));
  });

  it("refuses to mark an initiative past screening", async () => {
    const inReview = demo.find((d) => d.status === "in_review")!;
    const res = await post(app, `/staff/initiatives/${inReview.code}/duplicates`, secretary, { intent: "mark", original: demo[0].code });
    expect(res.status).toBe(409);
  });
});
