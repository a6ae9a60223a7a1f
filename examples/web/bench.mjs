#!/usr/bin/env node
// In-page figures for `npm run bench`: the built page in Debian's headless
// Chromium (puppeteer-core, no browser download) against swtpm through the
// guarded WebSocket proxy, in its #bench mode: GetRandom round trips per second
// and HMAC-session commands per second (salted, response encryption), measured
// in the page; and the bundle's size (minified, gzip).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import puppeteer from "puppeteer-core";
import { DIST, startWebDemo } from "./server.mjs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.log("examples/web in-page figures: skipped (/usr/bin/chromium is not installed: apt-get install chromium)");
  process.exit(0);
}
if (!existsSync(join(DIST, "app.js"))) {
  console.error("examples/web is not built (pnpm build)");
  process.exit(1);
}
// What the page loads at once: app.js and the chunks it imports statically (esbuild's metafile).
const meta = JSON.parse(readFileSync(join(DIST, "meta.json"), "utf8"));
const app = Object.keys(meta.outputs).find((f) => f.endsWith("/app.js"));
const initial = [app, ...meta.outputs[app].imports.filter((i) => i.kind === "import-statement").map((i) => i.path)];
const bytes = initial.map((f) => readFileSync(join(DIST, "..", f)));
const minified = bytes.reduce((n, b) => n + b.length, 0);
const gzip = bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
const demo = await startWebDemo();
let browser;
try {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.goto(`${demo.url}&bench`);
  await page.waitForFunction(() => document.getElementById("bench")?.dataset.done === "true", { timeout: 60_000 });
  const error = await page.$eval("#bench-error", (e) => e.textContent);
  if (error) throw new Error(`the page's bench failed: ${error}`);
  const f = JSON.parse(await page.$eval("#bench-result", (e) => e.textContent));
  console.log("examples/web: the stack in headless Chromium, over the WebSocket proxy to swtpm");
  console.log(`  GetRandom(16) round trips per second                ${f.getRandomPerSecond.toFixed(0).padStart(6)}`);
  console.log(
    `  HMAC-session commands per second (salted, encrypted) ${f.hmacSessionCommandsPerSecond.toFixed(0).padStart(6)}`,
  );
  console.log(
    `  bundle at page load: ${minified} bytes minified, ${gzip} bytes gzip (EK vendor roots: a chunk on demand)`,
  );
} finally {
  await browser?.close();
  await demo.close();
}
