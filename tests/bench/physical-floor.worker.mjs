// The physical floor's server, run in a worker thread (plain JavaScript so the worker needs no loader).
// See physical-floor.ts for what it measures.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import React from "react";
import { renderToString } from "react-dom/server";

const { dbFile, queries, title } = workerData;
const h = React.createElement;

const sqlite = new SQLite(dbFile, { readonly: true, fileMustExist: true });
sqlite.pragma("busy_timeout = 5000");
const statements = queries.map((q) => ({
  stmt: sqlite.prepare(q.sql),
  params: q.parameters.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p)),
}));

function Table({ rows }) {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return h(
    "table",
    null,
    h("thead", null, h("tr", null, ...columns.map((c) => h("th", { key: c, scope: "col" }, c)))),
    h("tbody", null, ...rows.map((r, i) => h("tr", { key: i }, ...columns.map((c) => h("td", { key: c }, String(r[c] ?? "")))))),
  );
}

function Page({ results }) {
  return h(
    "html",
    { lang: "vi" },
    h("head", null, h("meta", { charSet: "utf-8" }), h("title", null, title)),
    h("body", null, h("main", null, h("h1", null, title), ...results.map((rows, i) => h(Table, { key: i, rows })))),
  );
}

const server = http.createServer((_req, res) => {
  const results = statements.map(({ stmt, params }) => (stmt.reader ? stmt.all(...params) : []));
  const html = "<!DOCTYPE html>" + renderToString(h(Page, { results }));
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  res.end(html);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  parentPort.postMessage({ url: `http://127.0.0.1:${address.port}/` });
});
