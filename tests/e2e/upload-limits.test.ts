/**
 * Forms over an upload limit, sent to the production server the way a browser sends them: the whole body
 * first, then the answer is read. Each must get its status and the Vietnamese message page; a server that
 * answers and closes while bytes are still arriving resets the connection, and the person sees
 * "connection reset" instead of the message.
 */
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";
import { startServer, type RunningServer } from "../setup/server";
import { newSubmitKey, pdfBytes, unescapeHtml, VALID } from "../integration/submit-fixtures";

const vi = dictionaryFor("vi").citizen;
const MB = 1024 * 1024;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "no" });
});
afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

/** The valid form with these files, serialised as multipart bytes (fields first, as the page orders them). */
async function multipart(files: [string, Buffer][]): Promise<{ body: Buffer; type: string }> {
  const fd = new FormData();
  fd.set("submitKey", newSubmitKey());
  for (const [k, v] of Object.entries(VALID)) fd.append(k, v);
  for (const [name, bytes] of files) fd.append("attachments", new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
  const res = new Response(fd);
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get("Content-Type")! };
}

/**
 * Sends the request on a raw socket as a browser does: the whole body first (chunked when `declare` is
 * false), and only then reads the answer. Rejects with the socket error (ECONNRESET, EPIPE) if the server
 * cuts the connection, since a reset throws away an answer that was not read yet.
 */
function send(body: Buffer, type: string, declare = true): Promise<{ status: number; html: string }> {
  const url = new URL("/submit", server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.on("error", reject);
    const head =
      `POST /submit HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\nContent-Type: ${type}\r\n` +
      (declare ? `Content-Length: ${body.length}\r\n` : "Transfer-Encoding: chunked\r\n") +
      "\r\n";
    const chunks: Buffer[] = [];
    socket.pause();
    // every failure inside is caught and rejects the outer promise: nothing floats
    socket.once(
      "connect",
      () =>
        void (async () => {
          try {
            await write(socket, Buffer.from(head, "latin1"));
            for (let offset = 0; offset < body.length; offset += 64 * 1024) {
              const chunk = body.subarray(offset, offset + 64 * 1024);
              await write(
                socket,
                declare ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]),
              );
            }
            if (!declare) await write(socket, Buffer.from("0\r\n\r\n"));
          } catch (err) {
            return reject(err);
          }
          socket.on("data", (d: Buffer) => {
            chunks.push(d);
            const parsed = parseResponse(Buffer.concat(chunks));
            if (parsed) {
              socket.destroy();
              resolve(parsed);
            }
          });
          socket.on("end", () =>
            reject(new Error(`connection closed before a whole answer: ${Buffer.concat(chunks).toString("latin1").slice(0, 200)}`)),
          );
          socket.resume();
        })(),
    );
  });
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(new Error("socket destroyed"));
    socket.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

/** A whole HTTP/1.1 answer (Content-Length or chunked), or null while it is still arriving. */
function parseResponse(buf: Buffer): { status: number; html: string } | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString("latin1");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  let rest = buf.subarray(end + 4);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  let body: Buffer;
  if (length) {
    if (rest.length < Number(length[1])) return null;
    body = rest.subarray(0, Number(length[1]));
  } else {
    const parts: Buffer[] = [];
    for (;;) {
      const nl = rest.indexOf("\r\n");
      if (nl < 0) return null;
      const size = parseInt(rest.subarray(0, nl).toString("latin1"), 16);
      if (size === 0) break;
      if (rest.length < nl + 2 + size + 2) return null;
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  }
  return { status, html: unescapeHtml(body.toString("utf8")) };
}

const pdf = (n: number, size: number) => Buffer.concat([pdfBytes(`tệp ${n}`), Buffer.alloc(size)]);

describe("a form over a limit gets its message page, never a reset connection", () => {
  it("six small PDFs in one form (a browser without JavaScript sends every file picked) → 400", async () => {
    const { body, type } = await multipart(Array.from({ length: 6 }, (_, i) => [`tệp-${i}.pdf`, pdf(i, 300 * 1024)] as [string, Buffer]));
    const res = await send(body, type);
    expect(res.status).toBe(400);
    expect(res.html).toContain(vi.validation.tooManyFiles(5));
  });

  it("a file of 10 MB and one byte → 413", async () => {
    const big = pdf(0, 10 * MB + 1 - pdfBytes("tệp 0").length);
    expect(big.length).toBe(10 * MB + 1);
    const { body, type } = await multipart([["lớn.pdf", big]]);
    const res = await send(body, type);
    expect(res.status).toBe(413);
    expect(res.html).toContain(vi.validation.fileTooLarge("lớn.pdf"));
  });

  it("a file over 10 MB followed by more files, so most of the body is still on its way → 413", async () => {
    const { body, type } = await multipart([
      ["lớn.pdf", pdf(0, 12 * MB)],
      ["tiếp.pdf", pdf(1, 9 * MB)],
      ["nữa.pdf", pdf(2, 9 * MB)],
    ]);
    const res = await send(body, type);
    expect(res.status).toBe(413);
    expect(res.html).toContain(vi.validation.fileTooLarge("lớn.pdf"));
  });

  it("a body over the 52 MB total, declared in Content-Length → 413", async () => {
    const { body, type } = await multipart(Array.from({ length: 6 }, (_, i) => [`tệp-${i}.pdf`, pdf(i, 9 * MB)] as [string, Buffer]));
    expect(body.length).toBeGreaterThan(52 * MB);
    const res = await send(body, type);
    expect(res.status).toBe(413);
    expect(res.html).toContain(vi.submit.requestTooLarge);
  });

  it("a body over the 52 MB total, sent chunked without a length → 413", async () => {
    // 72 MB: the limit is crossed with 20 MB still to come.
    const { body, type } = await multipart(Array.from({ length: 8 }, (_, i) => [`tệp-${i}.pdf`, pdf(i, 9 * MB)] as [string, Buffer]));
    const res = await send(body, type, false);
    expect(res.status).toBe(413);
    expect(res.html).toContain(vi.submit.requestTooLarge);
  });
});
