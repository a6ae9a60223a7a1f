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
const code = readFileSync(join(DIST, "app.js"));
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
  console.log(`  GetRandom(16) round trips        ${f.getRandomPerSecond.toFixed(0).padStart(6)} /s`);
  console.log(`  HMAC-session commands (salted,   ${f.hmacSessionCommandsPerSecond.toFixed(0).padStart(6)} /s`);
  console.log("    response-encrypted GetRandom)");
  console.log(
    `  bundle app.js                    ${code.length} bytes minified, ${gzipSync(code, { level: 9 }).length} bytes gzip`,
  );
} finally {
  await browser?.close();
  await demo.close();
}
