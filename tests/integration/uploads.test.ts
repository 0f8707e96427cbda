/**
 * What the upload path does with the bytes browsers really send and with files that are not what their
 * names say: through the real Remix handler on a real SQLite file.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";
import { transition } from "~/models/initiative/lifecycle.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { listFiles, newSubmitKey, pdfBytes, pngBytes, rowCounts, sha256, submissionForm, unescapeHtml, VALID } from "./submit-fixtures";
import { bombBytes, docmBytes, docxBytes, hiddenVbaBytes, macroContentTypeBytes } from "./zip-fixtures";
import { trackingToken } from "~/utils/tokens.server";
import { storedBytes } from "../setup/files";

const vi = dictionaryFor("vi").citizen;
const en = dictionaryFor("en").citizen;
const MB = 1024 * 1024;

let t: TestDb;
let app: TestApp;
let dataDir: string;
beforeAll(async () => {
  t = await createTestDb();
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ip = 0;
function post(body: BodyInit, headers: Record<string, string> = {}) {
  return app.fetch("/submit", { method: "POST", body, headers, ip: `192.0.2.${++ip}`, redirect: "manual" });
}

async function storedNames(): Promise<{ filename: string; mime: string; sha256: string }[]> {
  const row = await t.db.selectFrom("initiatives").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
  return t.db.selectFrom("attachments").select(["filename", "mime", "sha256"]).where("initiative_id", "=", row.id).orderBy("id").execute();
}

/**
 * The body Chromium writes for the submission form: its boundary style, CRLF line endings, the file name as
 * raw UTF-8 inside the quotes with only `"`, CR and LF escaped (%22, %0D, %0A), nothing else escaped.
 */
function chromiumBody(files: [string, Buffer, string][]): { body: Buffer; type: string } {
  const boundary = "----WebKitFormBoundaryq7Xk2RfT9bLm4ZpA";
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, "utf8"));
  field("submitKey", newSubmitKey());
  for (const [k, v] of Object.entries(VALID)) field(k, v);
  for (const [name, bytes, type] of files) {
    const escaped = name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${escaped}"\r\nContent-Type: ${type}\r\n\r\n`,
        "utf8",
      ),
      bytes,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

describe("file names as browsers send them", () => {
  it("accepts a name with ';', '=' and a quote in Chromium's exact bytes and keeps it", async () => {
    const pdf = pdfBytes("báo cáo");
    const png = pngBytes();
    const { body, type } = chromiumBody([
      ["Báo cáo; bản 2.pdf", pdf, "application/pdf"],
      ['Sơ đồ "mới"; a=b.png', png, "image/png"],
    ]);
    expect(body.includes(Buffer.from('filename="Báo cáo; bản 2.pdf"', "utf8"))).toBe(true);
    const res = await post(new Uint8Array(body), { "Content-Type": type, "Content-Length": String(body.length) });
    expect(res.status).toBe(302);
    expect(await storedNames()).toEqual([
      { filename: "Báo cáo; bản 2.pdf", mime: "application/pdf", sha256: sha256(pdf) },
      { filename: 'Sơ đồ "mới"; a=b.png', mime: "image/png", sha256: sha256(png) },
    ]);
  });
});

describe("the stored name takes the extension of what the file is", () => {
  it("renames a PDF sent as .html, .jar or .exe behind a right-to-left override, and a DOCX sent as .docm", async () => {
    const a = pdfBytes("polyglot <html><script>alert(1)</script></html>");
    const b = pdfBytes("jar");
    const c = pdfBytes("rtl");
    const d = docxBytes("đề án");
    const res = await post(
      submissionForm({}, [
        ["report.html", a, "text/html"],
        ["công cụ.jar", b, "application/java-archive"],
        ["hoá đơn\u202Efdp.exe", c, "application/octet-stream"],
        ["đề án.docm", d, "application/vnd.ms-word.document.macroEnabled.12"],
      ]),
    );
    expect(res.status).toBe(302);
    expect((await storedNames()).map((f) => [f.filename, f.mime])).toEqual([
      ["report.pdf", "application/pdf"],
      ["công cụ.pdf", "application/pdf"],
      ["hoá đơnfdp.pdf", "application/pdf"],
      ["đề án.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ]);
  });

  it("adds the extension to a name without one and keeps words after a dot", async () => {
    const res = await post(
      submissionForm({}, [
        ["Phương án v1.2 cuối", pdfBytes("v1.2")],
        ["BÁO CÁO.PDF", pdfBytes("caps")],
      ]),
    );
    expect(res.status).toBe(302);
    expect((await storedNames()).map((f) => f.filename)).toEqual(["Phương án v1.2 cuối.pdf", "BÁO CÁO.PDF"]);
  });

  it("renames the files of a reply to a request for information too", async () => {
    expect((await post(submissionForm())).status).toBe(302);
    const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    await transition(t.db, { initiativeId: row.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: row.id, to: "needs_info", actor: "secretary", message: "Bổ sung." });
    const link = `/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`;
    const html = await (await app.fetch(link)).text();
    const fd = new FormData();
    fd.set("intent", "reply");
    fd.set("version", /name="version" value="(\d+)"/.exec(html)![1]);
    fd.set("message", "Gửi bổ sung số liệu.");
    fd.append("files", new File([new Uint8Array(pdfBytes("reply"))], "số liệu.html", { type: "text/html" }));
    const res = await app.fetch(link, { method: "POST", body: fd, redirect: "manual" });
    expect(res.status).toBe(302);
    const att = await t.db
      .selectFrom("attachments")
      .select("filename")
      .where("initiative_id", "=", row.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(att.filename).toBe("số liệu.pdf");
  });
});

describe("Office files: no macros, no zip bombs", () => {
  const cases: { name: string; file: () => Buffer; message: (n: string) => string }[] = [
    { name: "a .docm saved by Word (vbaProject.bin, macro-enabled type)", file: docmBytes, message: vi.validation.fileMacro },
    { name: "a VBA project in another folder, upper case", file: hiddenVbaBytes, message: vi.validation.fileMacro },
    { name: "only the content types say macro-enabled", file: macroContentTypeBytes, message: vi.validation.fileMacro },
    { name: "1 MB that claims 1 GiB unpacked", file: () => bombBytes(1024 * MB, MB), message: vi.validation.fileArchive },
    { name: "over 100 MB unpacked at a modest ratio", file: () => bombBytes(101 * MB, 2 * MB), message: vi.validation.fileArchive },
    { name: "a ratio over 100:1 under 100 MB", file: () => bombBytes(50 * MB, 200 * 1024), message: vi.validation.fileArchive },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with 400 and stores nothing`, async () => {
      const counts = await rowCounts(t.db);
      const files = listFiles(dataDir);
      const bytes = c.file();
      expect(bytes.length).toBeLessThan(10 * MB);
      const res = await post(
        submissionForm({}, [["đề án.docx", bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]]),
      );
      expect(res.status).toBe(400);
      expect(unescapeHtml(await res.text())).toContain(c.message("đề án.docx"));
      expect(await rowCounts(t.db)).toEqual(counts);
      expect(listFiles(dataDir)).toEqual(files);
    });
  }

  it("says it in English on an English page", async () => {
    const res = await app.fetch("/submit", {
      method: "POST",
      body: submissionForm({}, [["macro.docx", docmBytes()]]),
      headers: { Cookie: "lang=en" },
      ip: "192.0.2.250",
    });
    expect(res.status).toBe(400);
    expect(unescapeHtml(await res.text())).toContain(en.validation.fileMacro("macro.docx"));
  });

  it("accepts a plain DOCX that packs at an ordinary ratio", async () => {
    const docx = docxBytes("Phương án liên thông ".repeat(200));
    const res = await post(submissionForm({}, [["phương án.docx", docx]]));
    expect(res.status).toBe(302);
    expect(await storedNames()).toEqual([
      { filename: "phương án.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sha256: sha256(docx) },
    ]);
    expect(await storedBytes(t.db, dataDir, sha256(docx))).toEqual(docx);
  });
});
