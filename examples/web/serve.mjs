#!/usr/bin/env node
// `npm run web`: swtpm with EK certificates, the guarded WebSocket proxy serving
// the built page on a loopback port, and the page's URL (with its token) printed.
// Ctrl-C stops everything.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DIST, startWebDemo } from "./server.mjs";

if (!existsSync(join(DIST, "app.js"))) {
  console.error("examples/web: the page is not built; run `npm run web` from the repository root (or node build.mjs)");
  process.exit(1);
}
// node examples/web/serve.mjs --port 8080 (default: a free port)
const at = process.argv.indexOf("--port");
const port = at > 0 ? Number(process.argv[at + 1]) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error("examples/web: --port takes a TCP port number");
  process.exit(2);
}
const demo = await startWebDemo({ ...(port ? { port } : {}), log: (line) => console.log(`proxy: ${line}`) });
console.log(`swtpm (with an EK certificate from a private swtpm_localca) on ${demo.tpm.host}:${demo.tpm.port}`);
console.log(
  `the guarded WebSocket proxy serves the page; only its origin (${demo.origin}, or as localhost) may connect`,
);
console.log(`\n  Open ${demo.url}\n`);
console.log("Ctrl-C stops the proxy and swtpm.");
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await demo.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
