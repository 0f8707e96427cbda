// The static floor: node:http answering every request with the same pre-rendered response from memory (the page's
// status line, its own headers and its bytes), with as many worker processes as the server under test. What a
// rendered-page cache can at best approach: the cache must send the page's headers too (the security headers go
// with every answer), so the floor sends them as well; Node adds Date, Connection and Keep-Alive to both.
// Usage: node static-floor.mjs <file with the bytes> <file with the headers, JSON [name, value][]> <workers>;
// prints "listening <port>" once ready.
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";

const [file, headersFile, workersArg] = process.argv.slice(2);
const workers = Math.max(1, Number(workersArg) || 1);

if (cluster.isPrimary) {
  const server = http.createServer();
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close();
    let ready = 0;
    for (let i = 0; i < workers; i++) {
      cluster.fork({ STATIC_FLOOR_PORT: String(port) }).on("message", () => {
        if (++ready === workers) console.log(`listening ${port}`);
      });
    }
  });
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const body = fs.readFileSync(file);
  const headers = [...JSON.parse(fs.readFileSync(headersFile, "utf8")).flat(), "content-length", String(body.length)];
  http
    .createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    })
    .listen(Number(process.env.STATIC_FLOOR_PORT), "127.0.0.1", () => process.send?.("ready"));
}
