/**
 * Remix's data stream (single fetch) as patched (patches/@remix-run+server-runtime+2.17.5.patch): it still gives up
 * on a value left pending after its time limit, and once its encoding is complete it holds no timer, whether or not
 * anyone reads it (a page without scripts never does).
 */
import { ServerMode } from "@remix-run/server-runtime/dist/mode.js";
import { encodeViaTurboStream } from "@remix-run/server-runtime/dist/single-fetch.js";
import { describe, expect, it } from "vitest";

const pendingTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
const settle = () => new Promise((resolve) => setImmediate(resolve));
const encode = (data: unknown, limitMs?: number) =>
  encodeViaTurboStream(data, new AbortController().signal, limitMs, ServerMode.Development);

describe("the data stream", () => {
  it("gives up on a value still pending after its time limit", async () => {
    const started = Date.now();
    const text = await new Response(encode({ ready: "có", later: new Promise(() => {}) }, 50)).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(text).toContain("có");
    expect(text).toContain("Server Timeout");
  });

  it("sends a value that arrives in time, then holds no timer", async () => {
    const before = pendingTimers();
    const later = new Promise((resolve) => setTimeout(() => resolve("đã đến"), 20));
    const text = await new Response(encode({ later }, 5000)).text();
    expect(text).toContain("đã đến");
    expect(text).not.toContain("Server Timeout");
    await settle();
    expect(pendingTimers()).toBeLessThanOrEqual(before);
  });

  it("holds no timer once its encoding is complete, read or never read", async () => {
    const before = pendingTimers();
    const unread = Array.from({ length: 10 }, () => encode({ page: "trang", rows: [1, 2, 3] }, 5000));
    for (let i = 0; i < 10; i++) await new Response(encode({ page: i }, 5000)).text();
    await settle();
    expect(pendingTimers()).toBeLessThanOrEqual(before);
    // the unread ones are whole: what a late reader gets
    expect(await new Response(unread[0]).text()).toContain("trang");
  });
});
