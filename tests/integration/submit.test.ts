/**
 * The submission path through the real Remix handler on a real SQLite file: what a valid submission
 * writes, and a table of bad inputs that each get their status and message and leave nothing behind.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";
import { trackingToken } from "~/utils/tokens.server";

const dictionaries = { vi: dictionaryFor("vi"), en: dictionaryFor("en") };
import { createTestDb, type TestDb } from "../setup/db";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import {
  exeBytes,
  listFiles,
  newSubmitKey,
  pdfBytes,
  pngBytes,
  rowCounts,
  sha256,
  submissionForm,
  unescapeHtml,
  VALID,
} from "./submit-fixtures";
import { storedBytes } from "../setup/files";

let t: TestDb;
let app: TestApp;
let dataDir: string;
const vi = dictionaries.vi.citizen;
const en = dictionaries.en.citizen;

beforeAll(async () => {
  t = await createTestDb();
  // The app under test stores files in this folder (the built server reads DATA_DIR on first use).
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

function post(body: FormData | URLSearchParams | string, init: { ip?: string; lang?: "vi" | "en"; headers?: Record<string, string> } = {}) {
  return app.fetch("/submit", {
    method: "POST",
    body,
    ip: init.ip ?? freshIp(),
    headers: { ...(init.lang ? { Cookie: `lang=${init.lang}` } : {}), ...(init.headers ?? {}) },
    redirect: "manual",
  });
}

describe("a valid submission", () => {
  it("writes one initiative, its authors, its files, one event and one receipt, then shows the confirmation", async () => {
    const before = await rowCounts(t.db);
    const pdf = pdfBytes();
    const png = pngBytes();
    const res = await post(
      submissionForm({}, [
        ["đề xuất.pdf", pdf],
        ["sơ đồ.png", png, "image/png"],
      ]),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/submit/received");
    const after = await rowCounts(t.db);
    expect(after.initiatives - before.initiatives).toBe(1);
    expect(after.authors - before.authors).toBe(2);
    expect(after.attachments - before.attachments).toBe(2);
    expect(after.events - before.events).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
    expect(after.rate_hits - before.rate_hits).toBe(1);

    const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row.code).toMatch(/^SK-\d{4}-\d{6}$/);
    expect(row.status).toBe("submitted");
    expect(row.title).toBe(VALID.title);
    expect(row.scope_type).toBe("unit");
    expect(row.unit_id).not.toBeNull();
    expect(row.applied_at).toBe("2025-03-01");
    expect(row.consent_publish_name).toBe(1);
    const authors = await t.db.selectFrom("authors").selectAll().where("initiative_id", "=", row.id).orderBy("position").execute();
    expect(authors.map((a) => [a.full_name, a.share, a.phone])).toEqual([
      ["Nguyễn Văn An", 70, "0912345678"],
      ["Trần Thị Bình", 30, null],
    ]);
    const files = await t.db.selectFrom("attachments").selectAll().where("initiative_id", "=", row.id).orderBy("id").execute();
    expect(files.map((f) => [f.filename, f.mime, f.size, f.purpose])).toEqual([
      ["đề xuất.pdf", "application/pdf", pdf.length, "submission"],
      ["sơ đồ.png", "image/png", png.length, "submission"],
    ]);
    expect(await storedBytes(t.db, dataDir, sha256(pdf))).toEqual(pdf);
    expect(fs.readdirSync(path.join(dataDir, "tmp"))).toEqual([]);
    const outbox = await t.db.selectFrom("outbox").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(outbox.to_address).toBe("an.nguyen@example.com");
    expect(outbox.text).toContain(row.code);

    // The confirmation page (POST/redirect/GET): code, due date, private link; the secret is in a cookie, not the URL.
    const cookie = cookiesFrom(res);
    expect(res.headers.get("Set-Cookie")).toMatch(/HttpOnly/);
    expect(res.headers.get("Set-Cookie")).toMatch(/Path=\/submit\/received/);
    const page = await app.fetch("/submit/received", { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toMatch(/no-store/);
    const html = await page.text();
    expect(html).toContain(row.code);
    expect(html).toContain(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`);
    expect(html).toContain(row.due_on.split("-").reverse().join("/"));

    const tracked = await app.fetch(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`);
    expect(tracked.status).toBe(200);
    // Without the cookie the confirmation says it has expired and shows no secret.
    const bare = await app.fetch("/submit/received");
    expect(bare.status).toBe(404);
    expect(await bare.text()).not.toContain(trackingToken(row.code, row.link_version));
  });

  it("keeps HTML as text, removes zero-width and bidi override characters and stores NFC", async () => {
    const title = "<script>alert('x')</script> Cải\u200B cách\u202E thủ tục";
    const decomposed = "Thu\u0309 tu\u0323c ha\u0300nh chi\u0301nh ma\u0301t nhiê\u0300u thơ\u0300i gian cu\u0309a ngươ\u0300i dân";
    const res = await post(submissionForm({ title, problem: decomposed, "author.fullName": "Lê\u2066 Văn\u2069 Bảo\uFEFF" }));
    expect(res.status).toBe(302);
    const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row.title).toBe("<script>alert('x')</script> Cải cách thủ tục");
    expect(row.problem).toBe(decomposed.normalize("NFC"));
    expect(row.problem).not.toBe(decomposed);
    const author = await t.db
      .selectFrom("authors")
      .select("full_name")
      .where("initiative_id", "=", row.id)
      .where("position", "=", 0)
      .executeTakeFirstOrThrow();
    expect(author.full_name).toBe("Lê Văn Bảo");
    const html = await (await app.fetch(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`)).text();
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain("<script>alert(");
  });

  it("adds a co-author row without JavaScript and shows no errors", async () => {
    const res = await post(submissionForm({ intent: "add-coauthor", title: "" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="coAuthors.2.fullName"');
    expect(html).not.toContain("error-summary");
    expect(html).toContain("Trần Thị Bình");
  });

  it("finds the unit by its name typed without diacritics, and accepts a city agency", async () => {
    const agency = await t.db.selectFrom("agencies").select(["id"]).executeTakeFirstOrThrow();
    // not the form's default unit, so only the folded lookup can find it
    const a = await post(submissionForm({ "scope.unitName": "phuong ba dinh" }));
    expect(a.status).toBe(302);
    const unitRow = await t.db
      .selectFrom("initiatives as i")
      .innerJoin("units as u", "u.id", "i.unit_id")
      .select(["i.scope_type", "u.name"])
      .orderBy("i.id", "desc")
      .executeTakeFirstOrThrow();
    expect(unitRow).toEqual({ scope_type: "unit", name: "Phường Ba Đình" });
    const b = await post(
      submissionForm({
        "scope.type": "agency",
        "scope.agencyId": String(agency.id),
        "author.type": "organisation",
        "author.organisation": "Hội Tin học Hà Nội",
      }),
    );
    expect(b.status).toBe(302);
    const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect([row.scope_type, row.agency_id, row.unit_id, row.author_type]).toEqual(["agency", agency.id, null, "organisation"]);
  });

  it("creates one initiative when the same form is posted twice", async () => {
    const key = newSubmitKey();
    const pdf = pdfBytes("double");
    const first = await post(submissionForm({}, [["a.pdf", pdf]], key));
    expect(first.status).toBe(302);
    const counts = await rowCounts(t.db);
    const files = listFiles(dataDir);
    const second = await post(submissionForm({}, [["a.pdf", pdf]], key));
    expect(second.status).toBe(302);
    expect(await rowCounts(t.db)).toEqual(counts);
    expect(listFiles(dataDir)).toEqual(files);
    // Both confirmations show the same code.
    const code = async (res: Response) => {
      const html = await (await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(res) } })).text();
      return /SK-\d{4}-\d{6}/.exec(html)?.[0];
    };
    expect(await code(second)).toBe(await code(first));
  });

  it("refuses the eleventh submission of the hour from one address with 429 in the user's language", async () => {
    const ip = "192.0.2.250";
    for (let i = 0; i < 10; i++) expect((await post(submissionForm(), { ip })).status).toBe(302);
    const counts = await rowCounts(t.db);
    const res = await post(submissionForm(), { ip, lang: "en" });
    expect(res.status).toBe(429);
    expect(unescapeHtml(await res.text())).toContain(en.submit.rateLimited);
    expect(await rowCounts(t.db)).toEqual(counts);
    const json = await app.fetch("/submit/upload", { method: "POST", body: submissionForm(), ip });
    expect(json.status).toBe(429);
    expect(await json.json()).toMatchObject({ code: "rate_limited" });
  });
});

const long = (n: number) => "a".repeat(n);
const v = vi.validation;
const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

type Case = {
  name: string;
  overrides?: Record<string, string | null>;
  files?: [string, Buffer, string?][];
  body?: () => FormData | URLSearchParams;
  headers?: Record<string, string>;
  status: number;
  field?: string;
  message: string;
};

const CASES: Case[] = [
  { name: "title empty", overrides: { title: "" }, status: 400, field: "title", message: v.required },
  { name: "title too short", overrides: { title: "Ngắn" }, status: 400, field: "title", message: v.tooShort(10) },
  { name: "title too long", overrides: { title: long(201) }, status: 400, field: "title", message: v.tooLong(200) },
  {
    name: "title only white space and zero-width",
    overrides: { title: " \u200B\u200B  " },
    status: 400,
    field: "title",
    message: v.required,
  },
  {
    name: "title sent as a file",
    overrides: { title: null },
    body: () => withFileIn("title"),
    status: 400,
    field: "title",
    message: v.required,
  },
  { name: "script tags in a too short title", overrides: { title: "<script>" }, status: 400, field: "title", message: v.tooShort(10) },
  { name: "reform area missing", overrides: { reformArea: "" }, status: 400, field: "reformArea", message: v.chooseArea },
  { name: "reform area unknown", overrides: { reformArea: "space_program" }, status: 400, field: "reformArea", message: v.chooseArea },
  {
    name: "procedure domain unknown",
    overrides: { procedureDomain: "<b>land</b>" },
    status: 400,
    field: "procedureDomain",
    message: v.chooseDomain,
  },
  { name: "scope type unknown", overrides: { "scope.type": "galaxy" }, status: 400, field: "scope.type", message: v.chooseScope },
  {
    name: "agency not in the list",
    overrides: { "scope.type": "agency", "scope.agencyId": "99999" },
    status: 400,
    field: "scope.agencyId",
    message: v.chooseAgency,
  },
  {
    name: "unit not in the list",
    overrides: { "scope.unitName": "Phường Không Tồn Tại" },
    status: 400,
    field: "scope.unitName",
    message: v.chooseUnit,
  },
  { name: "problem empty", overrides: { problem: "" }, status: 400, field: "problem", message: v.required },
  { name: "problem too short", overrides: { problem: "Khó." }, status: 400, field: "problem", message: v.tooShort(20) },
  { name: "problem too long", overrides: { problem: long(10_001) }, status: 400, field: "problem", message: v.tooLong(10_000) },
  { name: "solution too long", overrides: { solution: long(10_001) }, status: 400, field: "solution", message: v.tooLong(10_000) },
  { name: "benefit too long", overrides: { benefit: long(10_001) }, status: 400, field: "benefit", message: v.tooLong(10_000) },
  {
    name: "confidential too long",
    overrides: { confidential: long(10_001) },
    status: 400,
    field: "confidential",
    message: v.tooLong(10_000),
  },
  { name: "applied date missing", overrides: { "applied.at": "" }, status: 400, field: "applied.at", message: v.dateRequired },
  { name: "applied date not a date", overrides: { "applied.at": "2024-02-30" }, status: 400, field: "applied.at", message: v.date },
  { name: "applied date in the future", overrides: { "applied.at": future }, status: 400, field: "applied.at", message: v.dateFuture },
  { name: "author type unknown", overrides: { "author.type": "robot" }, status: 400, field: "author.type", message: v.chooseAuthorType },
  { name: "full name empty", overrides: { "author.fullName": "" }, status: 400, field: "author.fullName", message: v.required },
  {
    name: "full name too long",
    overrides: { "author.fullName": long(121) },
    status: 400,
    field: "author.fullName",
    message: v.tooLong(120),
  },
  { name: "email empty", overrides: { "author.email": "" }, status: 400, field: "author.email", message: v.required },
  { name: "email not an email", overrides: { "author.email": "an.nguyen@" }, status: 400, field: "author.email", message: v.email },
  { name: "email with a script", overrides: { "author.email": "<script>@x" }, status: 400, field: "author.email", message: v.email },
  { name: "phone too short", overrides: { "author.phone": "091234" }, status: 400, field: "author.phone", message: v.phone },
  { name: "phone not Vietnamese", overrides: { "author.phone": "+1 202 555 0100" }, status: 400, field: "author.phone", message: v.phone },
  {
    name: "organisation missing for a business",
    overrides: { "author.type": "business" },
    status: 400,
    field: "author.organisation",
    message: v.required,
  },
  {
    name: "organisation too long",
    overrides: { "author.type": "organisation", "author.organisation": long(201) },
    status: 400,
    field: "author.organisation",
    message: v.tooLong(200),
  },
  { name: "share not a number", overrides: { "author.share": "bảy mươi" }, status: 400, field: "author.share", message: v.share },
  { name: "shares do not add up", overrides: { "author.share": "60" }, status: 400, field: "author.share", message: v.sharesSum(90) },
  {
    name: "co-author without a name",
    overrides: { "coAuthors.0.fullName": "" },
    status: 400,
    field: "coAuthors.0.fullName",
    message: v.required,
  },
  {
    name: "co-author name too long",
    overrides: { "coAuthors.0.fullName": long(121) },
    status: 400,
    field: "coAuthors.0.fullName",
    message: v.tooLong(120),
  },
  {
    name: "co-author share of 100",
    overrides: { "author.share": "1", "coAuthors.0.share": "100" },
    status: 400,
    field: "coAuthors.0.share",
    message: v.share,
  },
  { name: "no consent", overrides: { consentData: null }, status: 400, field: "consentData", message: v.consent },
  { name: "honeypot filled", overrides: { website: "http://spam.example" }, status: 400, message: vi.submit.honeypotFilled },
  { name: "an EXE renamed .pdf", files: [["hồ sơ.pdf", exeBytes()]], status: 400, field: "attachments", message: v.fileType("hồ sơ.pdf") },
  {
    name: "a text file renamed .png",
    files: [["ảnh.png", Buffer.from("just text, not an image")]],
    status: 400,
    field: "attachments",
    message: v.fileType("ảnh.png"),
  },
  { name: "an empty file", files: [["trống.pdf", Buffer.alloc(0)]], status: 400, field: "attachments", message: v.fileType("trống.pdf") },
  {
    name: "a 12 MB file",
    files: [["lớn.pdf", Buffer.concat([pdfBytes(), Buffer.alloc(12 * 1024 * 1024)])]],
    status: 413,
    field: "attachments",
    message: v.fileTooLarge("lớn.pdf"),
  },
  {
    name: "six files",
    files: Array.from({ length: 6 }, (_, i) => [`tệp-${i}.pdf`, pdfBytes(`six ${i}`)] as [string, Buffer]),
    status: 400,
    field: "attachments",
    message: v.tooManyFiles(5),
  },
  {
    name: "a good file with a bad one",
    files: [
      ["tốt.pdf", pdfBytes("good")],
      ["xấu.pdf", exeBytes()],
    ],
    status: 400,
    field: "attachments",
    message: v.fileType("xấu.pdf"),
  },
  { name: "not multipart", body: () => new URLSearchParams(VALID), status: 400, message: dictionaries.vi.common.errors.badRequest },
  { name: "a text field over 256 KB", overrides: { benefit: long(300 * 1024) }, status: 413, message: vi.submit.requestTooLarge },
  {
    name: "a declared body over 52 MB",
    headers: { "Content-Length": String(60 * 1024 * 1024) },
    status: 413,
    message: vi.submit.requestTooLarge,
  },
];

function withFileIn(field: string): FormData {
  const fd = submissionForm({ [field]: null });
  fd.append(field, new File([new Uint8Array(pdfBytes())], "title.pdf", { type: "application/pdf" }));
  return fd;
}

describe("bad input", () => {
  it("has a table of at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const c of CASES) {
    it(`${c.name} → ${c.status}`, async () => {
      const counts = await rowCounts(t.db);
      const files = listFiles(dataDir);
      const body = c.body ? c.body() : submissionForm(c.overrides ?? {}, c.files ?? []);
      const res = await post(body, { headers: c.headers });
      expect(res.status).toBe(c.status);
      const html = unescapeHtml(await res.text());
      expect(html).toContain(c.message);
      if (c.field) {
        const id = `f-${c.field.replace(/[^A-Za-z0-9_-]/g, "-")}`;
        expect(html).toContain(`href="#${id}"`);
        expect(html).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${id}"`));
        expect(html).toContain(`${id}-error`);
        // The rest of the form comes back filled in (files excepted, with a note).
        if (c.field !== "author.fullName") expect(html).toContain("Nguyễn Văn An");
        if (c.files?.length) expect(html).toContain(vi.submit.filesNote);
      }
      expect(await rowCounts(t.db)).toEqual(counts);
      expect(listFiles(dataDir)).toEqual(files);
    });
  }

  it("reports only the file when an oversized one cuts the form short, as a browser orders the fields", async () => {
    // In the page the file input comes before the consents, so their parts never arrive.
    const fd = new FormData();
    fd.set("submitKey", newSubmitKey());
    const { consentData, consentPublishName, intent, ...before } = VALID;
    for (const [k, v] of Object.entries(before)) fd.append(k, v);
    fd.append(
      "attachments",
      new File([new Uint8Array(Buffer.concat([pdfBytes(), Buffer.alloc(11 * 1024 * 1024)]))], "lớn.pdf", { type: "application/pdf" }),
    );
    fd.append("consentData", consentData);
    fd.append("consentPublishName", consentPublishName);
    fd.append("intent", intent);
    const counts = await rowCounts(t.db);
    const res = await post(fd);
    expect(res.status).toBe(413);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(v.fileTooLarge("lớn.pdf"));
    expect(html).not.toContain(v.consent);
    expect(html).toContain("Nguyễn Văn An");
    expect(await rowCounts(t.db)).toEqual(counts);
  });

  it("reports every error at once, in English when the page is in English", async () => {
    const res = await post(submissionForm({ title: "", "author.email": "x", "author.share": "50", consentData: null }), { lang: "en" });
    expect(res.status).toBe(400);
    const html = unescapeHtml(await res.text());
    for (const m of [en.validation.required, en.validation.email, en.validation.sharesSum(80), en.validation.consent])
      expect(html).toContain(m);
    expect(html).toContain(en.submit.errorSummaryTitle);
  });

  it("answers the enhanced form in JSON with the same errors", async () => {
    const res = await app.fetch("/submit/upload", { method: "POST", body: submissionForm({ title: "" }), ip: freshIp() });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.state.errors.title).toEqual([v.required]);
    const ok = await app.fetch("/submit/upload", { method: "POST", body: submissionForm(), ip: freshIp() });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, redirectTo: "/submit/received" });
    expect(ok.headers.get("Set-Cookie")).toMatch(/^sk_receipt=/);
  });
});
