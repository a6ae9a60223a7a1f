// @tss/tss is browser-safe: marshal + session + crypto-webcrypto + tss bundle with
// esbuild for the browser (no externals, no flags), the bundle names no `node:`
// module, and it runs where there is no `process` and no `require` (a fresh vm
// context), reading random bytes from swtpm through an encrypting HMAC session;
// then the same bundle in a blank page of headless Chromium (puppeteer-core), whose
// command bytes reach swtpm through a function the test exposes to the page.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { MssimTransport } from "@tss/transport-mssim";
import { build } from "esbuild";
import puppeteer from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "fixtures", "browser-bundle-entry.ts");
const tssDist = join(here, "..", "..", "..", "packages", "tss", "dist", "index.js");

let tpm: Swtpm;
beforeAll(async () => {
  tpm = await startSwtpm();
});
afterAll(async () => {
  await tpm?.stop();
});

async function bundle(minify: boolean) {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "TssBundle",
    write: false,
    metafile: true,
    minify,
    logLevel: "silent",
  });
}

it("the bundle builds from the packages' dist for platform browser, names no node: module and runs without process or require", async () => {
  expect(existsSync(tssDist), "run `pnpm build` first: the bundle is made from the packages' dist").toBe(true);
  const result = await bundle(false);
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  // The browser entry of each package, not its source or its Node entry.
  expect(inputs.some((f) => f.includes("packages/tss/dist/index.js"))).toBe(true);
  expect(inputs.some((f) => f.includes("packages/session/dist/"))).toBe(true);
  expect(inputs.some((f) => f.includes("packages/crypto-webcrypto/dist/"))).toBe(true);
  expect(inputs.filter((f) => /file-store|lock-file|tss\/dist\/node\.js/.test(f))).toEqual([]);
  expect(inputs.filter((f) => f.startsWith("node:") || f.includes("(disabled)"))).toEqual([]);
  expect(code).not.toMatch(/["'`]node:/);
  expect(code).not.toMatch(/\brequire\(/);

  // Minified and gzipped: the size a page pays.
  const min = (await bundle(true)).outputFiles[0]!.contents;
  const gzip = gzipSync(min, { level: 9 }).length;
  console.log(
    `browser bundle (marshal+session+crypto-webcrypto+tss): ${min.length} bytes minified, ${gzip} bytes gzip`,
  );
  expect(gzip).toBeGreaterThan(1000);

  // A context with WebCrypto, timers and text codecs, as a page has, and no process/require.
  const host = new MssimTransport({ host: tpm.host, port: tpm.port });
  const sent: number[] = [];
  const page = {
    send: async (command: Uint8Array, options?: { locality?: number }) => {
      sent.push((command[6]! << 24) | (command[7]! << 16) | (command[8]! << 8) | command[9]!);
      return host.send(Uint8Array.from(command), options);
    },
    close: () => host.close(),
  };
  const context = vm.createContext({
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    console,
  });
  vm.runInContext(code, context, { filename: "browser-bundle.js" });
  expect(vm.runInContext("typeof process + ' ' + typeof require + ' ' + typeof Buffer", context)).toBe(
    "undefined undefined undefined",
  );
  const run = (
    context.TssBundle as { run: (p: typeof page, n: number) => Promise<{ bytes: number[]; flushRefused: string }> }
  ).run;
  const first = await run(page, 16);
  expect(first.bytes).toHaveLength(16);
  expect(new Set(first.bytes).size).toBeGreaterThan(4);
  expect(first.flushRefused).toBe("TpmError");
  // StartAuthSession 0x176, GetRandom 0x17b, FlushContext 0x165 went to swtpm.
  expect(sent).toEqual(expect.arrayContaining([0x176, 0x17b, 0x165]));
  const second = await run(page, 8);
  expect(second.bytes).toHaveLength(8);
  expect(second.bytes).not.toEqual(first.bytes.slice(0, 8));
});

it("the check bites: @tss/tss/node (the file store) does not bundle for the browser", async () => {
  const failed = await build({
    stdin: { contents: 'export { FileStore } from "@tss/tss/node";', resolveDir: here, loader: "ts" },
    bundle: true,
    platform: "browser",
    write: false,
    logLevel: "silent",
  }).catch((e: { errors?: { text: string }[] }) => e);
  const texts = ((failed as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text).join("\n");
  expect(texts).toMatch(/node:(fs|path)/);
});

const CHROMIUM = "/usr/bin/chromium";

it.skipIf(!existsSync(CHROMIUM))(
  "the bundle runs in headless Chromium: a blank page reads random bytes from swtpm through an encrypting HMAC session (skipped when /usr/bin/chromium is absent)",
  async () => {
    const code = (await bundle(true)).outputFiles[0]!.text;
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    // The page's transport is a bridge to swtpm: command bytes out of the page, response bytes in.
    // Everything else (marshal, session HMACs, the AES-CFB parameter encryption) runs in Chromium.
    const host = new MssimTransport({ host: tpm.host, port: tpm.port });
    const sent: number[] = [];
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.exposeFunction("tpmSend", async (command: number[], locality: number) => {
        const bytes = Uint8Array.from(command);
        sent.push(new DataView(bytes.buffer).getUint32(6));
        return Array.from(await host.send(bytes, { locality }));
      });
      await page.addScriptTag({ content: code });
      const result = await page.evaluate(async (n: number) => {
        const w = globalThis as unknown as {
          tpmSend: (c: number[], l: number) => Promise<number[]>;
          TssBundle: {
            run: (
              p: {
                send: (c: Uint8Array, o?: { locality?: number }) => Promise<Uint8Array>;
                close: () => Promise<void>;
              },
              n: number,
            ) => Promise<{ bytes: number[]; flushRefused: string }>;
          };
          process?: unknown;
          require?: unknown;
          Buffer?: unknown;
        };
        const pageTransport = {
          send: async (c: Uint8Array, o?: { locality?: number }) =>
            Uint8Array.from(await w.tpmSend(Array.from(c), o?.locality ?? 0)),
          close: async () => {},
        };
        const first = await w.TssBundle.run(pageTransport, n);
        const second = await w.TssBundle.run(pageTransport, 8);
        return {
          globals: `${typeof w.process} ${typeof w.require} ${typeof w.Buffer}`,
          userAgent: navigator.userAgent,
          first,
          second,
        };
      }, 16);
      console.log(`browser bundle in ${result.userAgent}`);
      expect(errors).toEqual([]);
      expect(result.globals).toBe("undefined undefined undefined");
      expect(result.userAgent).toMatch(/HeadlessChrome|Chrome/);
      expect(result.first.bytes).toHaveLength(16);
      expect(new Set(result.first.bytes).size).toBeGreaterThan(4);
      expect(result.first.flushRefused).toBe("TpmError");
      expect(result.second.bytes).toHaveLength(8);
      expect(result.second.bytes).not.toEqual(result.first.bytes.slice(0, 8));
      // StartAuthSession 0x176, GetRandom 0x17b, FlushContext 0x165 went from the page to swtpm.
      expect(sent).toEqual(expect.arrayContaining([0x176, 0x17b, 0x165]));
    } finally {
      await host.close();
      await browser.close();
    }
  },
  60_000,
);
