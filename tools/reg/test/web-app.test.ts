// examples/web in a real browser: Debian's Chromium, headless, driven with
// puppeteer-core (no browser download), through every panel of the page
// against swtpm (with EK certificates from a private swtpm_localca) behind the
// guarded WebSocket proxy. What the page shows is compared with what this test
// reads from the TPM itself before the page connects, with known answers (PCR
// 16 after reset and extend), and with Node's own crypto (the ECDSA signature).
// The WebSocket frames the page sends are tapped (CDP): the NV password and
// data never cross the wire in clear. Also: the bundle names no `node:` module
// and carries no Buffer polyfill (its gzip size is printed), a page from
// another origin or with a wrong token shows the proxy's refusal, and the
// hidden #bench mode prints the in-page figures. Screenshots of every panel go
// to .reg-results/web/*.png.
import { execFileSync } from "node:child_process";
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { readEkCertificate } from "@tss/ekcert";
import { TPM_CAP, TPM_PT } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWebDemo, type WebDemo } from "../../../examples/web/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
const webDir = join(repo, "examples", "web");
const shots = join(repo, ".reg-results", "web");
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);

const NV_INDEX = "0x01500020";
const NV_PASSWORD = "nv-Pa55word-never-shown";
const NV_DATA = "written from the browser, encrypted";
const KEY_PASSWORD = "key-Pa55word-never-shown";
const MESSAGE = "signed in the TPM, verified in the browser";

let demo: WebDemo;
let browser: Browser;
/** What the test read from the TPM before the page connected. */
const truth: { manufacturer: string; firmware1: number; firmware2: number; nvIndexes: number[]; ekDer: Uint8Array } = {
  manufacturer: "",
  firmware1: 0,
  firmware2: 0,
  nvIndexes: [],
  ekDer: new Uint8Array(),
};

const fourChars = (v: number) =>
  String.fromCharCode(...[24, 16, 8, 0].map((s) => (v >>> s) & 0xff).filter((c) => c !== 0));

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(shots, { recursive: true });
  execFileSync("node", [join(webDir, "build.mjs")], { stdio: "inherit" });
  demo = await startWebDemo();
  // Ground truth, over our own connection, closed before the proxy opens its own.
  const tss = createTss({
    transport: new MssimTransport({ host: demo.tpm.host, port: demo.tpm.port }),
    crypto: createWebCrypto(),
  });
  try {
    const { capabilityData } = await tss.getCapability({
      capability: TPM_CAP.TPM_PROPERTIES,
      property: TPM_PT.PT_FIXED,
      propertyCount: 128,
    });
    const props = new Map(
      (capabilityData.data as { tpmProperties: { property: number; value: number }[] }).tpmProperties.map((p) => [
        p.property,
        p.value,
      ]),
    );
    truth.manufacturer = fourChars(props.get(TPM_PT.MANUFACTURER) ?? 0);
    truth.firmware1 = props.get(TPM_PT.FIRMWARE_VERSION_1) ?? 0;
    truth.firmware2 = props.get(TPM_PT.FIRMWARE_VERSION_2) ?? 0;
    const handles = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x01000000, propertyCount: 64 });
    truth.nvIndexes = (handles.capabilityData.data as { handles: number[] }).handles;
    truth.ekDer = await readEkCertificate(tss as never, "rsa2048");
  } finally {
    await tss.close();
  }
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? "");

/** Waits until the panel's action finished (its run counter moved) and returns its error line. */
async function act(page: Page, panel: string, click: string): Promise<string> {
  const before = await page.$eval(`#${panel}`, (e) => Number((e as HTMLElement).dataset.runs ?? "0"));
  await page.click(click);
  await page.waitForFunction(
    (id, n) => Number((document.getElementById(id) as HTMLElement).dataset.runs ?? "0") > n,
    { timeout: 20_000 },
    panel,
    before,
  );
  return text(page, `#${panel}-error`);
}

/**
 * The built page served from another origin (a second loopback port), with its
 * WebSocket upgrade passed through byte for byte to the proxy: the proxy sees
 * the page's real Origin.
 */
async function otherOriginServer(proxyOrigin: string): Promise<{ origin: string; close(): Promise<void> }> {
  const proxyPort = Number(new URL(proxyOrigin).port);
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split(/[?#]/)[0]!;
    const file = join(webDir, "dist", path === "/" ? "index.html" : path.replace(/\.\./g, ""));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  const sockets = new Set<Socket>();
  server.on("upgrade", (req, socket, head) => {
    const upstream = connect(proxyPort, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [upstream, socket as Socket]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function shoot(page: Page, panel: string): Promise<void> {
  const el = await page.$(`#${panel}`);
  await el?.screenshot({ path: join(shots, `${panel}.png`) as `${string}.png` });
}

/** Types into a field (cleared first), as a user does: the keyboard, not a value assignment. */
async function type(page: Page, selector: string, value: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyA");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.type(selector, value);
}

it.skipIf(!haveChromium)(
  "the bundle names no node: module, carries no Buffer polyfill, and its gzip size is printed",
  () => {
    const meta = JSON.parse(readFileSync(join(webDir, "dist", "meta.json"), "utf8")) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { imports: { path: string; kind: string }[] }>;
    };
    const inputs = Object.keys(meta.inputs);
    expect(inputs.filter((f) => f.startsWith("node:") || /(^|\/)node_modules\/(buffer|process)\//.test(f))).toEqual([]);
    // The packages' browser builds, not their sources or Node entries.
    expect(inputs.some((f) => /packages\/tss\/dist\//.test(f))).toBe(true);
    expect(inputs.some((f) => /packages\/crypto-webcrypto\/dist\//.test(f))).toBe(true);
    expect(inputs.filter((f) => /file-store|lock-file|tss\/dist\/node\.js|transport-mssim/.test(f))).toEqual([]);
    const outputs = Object.keys(meta.outputs).filter((f) => f.endsWith(".js"));
    expect(outputs.length).toBeGreaterThan(0);
    const gz = (f: string) => gzipSync(readFileSync(join(webDir, f)), { level: 9 }).length;
    for (const f of outputs) {
      const js = readFileSync(join(webDir, f), "utf8");
      expect(js, f).not.toMatch(/["'`]node:/);
      expect(js, f).not.toMatch(/\bBuffer\.(from|alloc|isBuffer|concat)\b/);
      expect(js, f).not.toMatch(/\brequire\(/);
    }
    // What the page loads at once: app.js and the chunks it imports statically; the rest on demand.
    const app = outputs.find((f) => f.endsWith("/app.js"))!;
    const initial = [
      app,
      ...meta.outputs[app]!.imports.filter((i) => i.kind === "import-statement").map((i) => i.path),
    ];
    const later = outputs.filter((f) => !initial.includes(f));
    const size = (files: string[]) => files.reduce((n, f) => n + readFileSync(join(webDir, f)).length, 0);
    const initialGzip = initial.reduce((n, f) => n + gz(f), 0);
    console.log(
      `examples/web bundle: ${size(initial)} bytes minified, ${initialGzip} bytes gzip at page load; ` +
        `${size(later)} bytes minified, ${later.reduce((n, f) => n + gz(f), 0)} bytes gzip loaded by the EK panel (@tss/ekcert-roots)`,
    );
    expect(initialGzip).toBeGreaterThan(10_000);
  },
);

it.skipIf(!haveChromium)(
  "every panel, with the keyboard, against swtpm: values match the TPM's, secrets never shown or sent in clear",
  async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(String(e)));
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    cdp.on("Network.webSocketFrameSent", (e) => sent.push(Buffer.from(e.response.payloadData, "base64")));
    cdp.on("Network.webSocketFrameReceived", (e) => received.push(Buffer.from(e.response.payloadData, "base64")));
    await page.goto(demo.url);
    await page.waitForFunction(() => document.body.dataset.ready === "true", { timeout: 30_000 });
    expect(await text(page, "#status")).toMatch(/^Connected/);
    // The token left the address bar.
    expect(page.url()).not.toContain(demo.token);

    // TPM
    expect(await text(page, "#tpm-manufacturer")).toBe(truth.manufacturer);
    const hex32 = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
    expect(await text(page, "#tpm-firmware")).toBe(
      `${[truth.firmware1 >>> 16, truth.firmware1 & 0xffff, truth.firmware2 >>> 16, truth.firmware2 & 0xffff].join(".")} (${hex32(truth.firmware1)} ${hex32(truth.firmware2)})`,
    );
    expect(Number(await text(page, "#tpm-algorithm-count"))).toBeGreaterThan(10);
    const commands = await page.$$eval("#tpm-commands li", (l) => l.map((e) => e.textContent));
    expect(commands).toEqual(expect.arrayContaining(["TPM2_GetRandom", "TPM2_Quote", "TPM2_NV_Read"]));
    expect(Number(await text(page, "#tpm-command-count"))).toBe(commands.length);
    await page.$eval("#tpm details", (d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await shoot(page, "tpm");

    // PCRs: reset 16 (zeros), extend the typed text: SHA-256(zeros || SHA-256(text)).
    expect(await act(page, "pcr", "#pcr-reset")).toBe("");
    const pcr16 = () => page.$eval("#pcr-rows tr:nth-child(17) td:nth-child(2)", (e) => e.textContent);
    expect(await pcr16()).toBe("00".repeat(32));
    await type(page, "#pcr-text", "hello from Chromium");
    await page.focus("#pcr-text");
    const runsBefore = await page.$eval("#pcr", (e) => Number((e as HTMLElement).dataset.runs));
    await page.keyboard.press("Enter"); // submit with the keyboard
    await page.waitForFunction(
      (n) => Number((document.getElementById("pcr") as HTMLElement).dataset.runs) > n,
      {},
      runsBefore,
    );
    expect(await text(page, "#pcr-error")).toBe("");
    const sha256 = (...parts: Uint8Array[]) => {
      const h = createHash("sha256");
      for (const p of parts) h.update(p);
      return new Uint8Array(h.digest());
    };
    const expected16 = sha256(new Uint8Array(32), sha256(new TextEncoder().encode("hello from Chromium")));
    expect(await pcr16()).toBe(Buffer.from(expected16).toString("hex"));
    expect(await page.$$eval("#pcr-head th", (t) => t.map((e) => e.textContent))).toContain("SHA256");
    await shoot(page, "pcr");

    // Random
    await type(page, "#random-count", "48");
    expect(await act(page, "random", "#random-get")).toBe("");
    const random = await text(page, "#random-bytes");
    expect(random).toMatch(/^[0-9a-f]{96}$/);
    expect(new Set(random.match(/../g)).size).toBeGreaterThan(20);
    await shoot(page, "random");

    // NV: the list is the TPM's; define, write and read an index with a password.
    const listed = await page.$$eval("#nv-rows tr td:first-child", (t) => t.map((e) => e.textContent));
    expect(listed).toEqual(truth.nvIndexes.map((h) => `0x${h.toString(16).padStart(8, "0")}`));
    expect(listed).toContain("0x01c00002"); // the EK certificate swtpm_setup wrote
    await type(page, "#nv-index", NV_INDEX);
    await type(page, "#nv-size", "64");
    await type(page, "#nv-password", NV_PASSWORD);
    await type(page, "#nv-data", NV_DATA);
    expect(await act(page, "nv", "#nv-define")).toBe("");
    const row = await page.$$eval(
      "#nv-rows tr",
      (rows, idx) => {
        const r = rows.find((tr) => tr.firstElementChild?.textContent === idx);
        return r ? [...r.children].map((c) => c.textContent) : [];
      },
      NV_INDEX,
    );
    expect(row[1]).toBe("64");
    expect(row[3]).toContain("TPMA_NV_AUTHWRITE");
    expect(row[3]).toContain("TPMA_NV_AUTHREAD");
    expect(row[3]).toContain("TPM_NT_ORDINARY");
    expect(await act(page, "nv", "#nv-write")).toBe("");
    expect(await act(page, "nv", "#nv-read")).toBe("");
    expect(await text(page, "#nv-read-text")).toBe(NV_DATA);
    // A wrong password: the TPM's refusal, as TpmError text, in the NV panel.
    await type(page, "#nv-password", "not the password");
    const refused = await act(page, "nv", "#nv-read");
    // (The index has NO_DA: TPM_RC_BAD_AUTH rather than TPM_RC_AUTH_FAIL.)
    expect(refused).toMatch(/^TPM2_NV_Read: TPM_RC_BAD_AUTH - session 1 - .*\(0x9a2\)$/);
    await type(page, "#nv-password", NV_PASSWORD);
    await shoot(page, "nv");

    // Keys: create, sign, verified in the page; the signature checked again here by Node.
    await type(page, "#keys-password", KEY_PASSWORD);
    expect(await act(page, "keys", "#keys-create")).toBe("");
    await type(page, "#keys-message", MESSAGE);
    expect(await act(page, "keys", "#keys-sign")).toBe("");
    expect(await text(page, "#keys-verified")).toBe("signature valid; over another digest: rejected");
    const [, x, y] = /x ([0-9a-f]+)\ny ([0-9a-f]+)/.exec(await text(page, "#keys-public")) ?? [];
    const [, r, s] = /r ([0-9a-f]+)\ns ([0-9a-f]+)/.exec(await text(page, "#keys-signature")) ?? [];
    const pub = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: Buffer.from(x!.padStart(64, "0"), "hex").toString("base64url"),
        y: Buffer.from(y!.padStart(64, "0"), "hex").toString("base64url"),
      },
      format: "jwk",
    });
    const p1363 = Buffer.concat([Buffer.from(r!.padStart(64, "0"), "hex"), Buffer.from(s!.padStart(64, "0"), "hex")]);
    expect(nodeVerify("sha256", Buffer.from(MESSAGE), { key: pub, dsaEncoding: "ieee-p1363" }, p1363)).toBe(true);
    await shoot(page, "keys");

    // EK: the certificate the TPM holds, chained in the page to the local CA.
    expect(await act(page, "ek", "#ek-read")).toBe("");
    expect(Number(await text(page, "#ek-size"))).toBe(truth.ekDer.length);
    const x509 = new X509Certificate(truth.ekDer);
    expect(await text(page, "#ek-issuer")).toMatch(/swtpm-localca/);
    expect(x509.issuer).toMatch(/swtpm-localca/);
    const identity = await text(page, "#ek-identity");
    // swtpm's certificate names its manufacturer by a numeric ID (id:00001014), not TCG vendor letters.
    expect(identity).toMatch(
      /^manufacturer id:[0-9A-F]{8}, model swtpm, version id:[0-9A-F]+, TPM 2\.0 level \d+ revision/i,
    );
    expect(await text(page, "#ek-roots")).toMatch(/^1 from the server, \d+ TPM vendor roots and \d+ intermediates/);
    expect(await text(page, "#ek-verified")).toMatch(
      /^chain verified: .*swtpm-localca.*; key is the EK at 0x81010001$/,
    );
    await shoot(page, "ek");

    // Attestation: quote over PCRs 0 and 16 (the default boxes) plus 7, verified by @tss/attest in the page.
    await page.click("#attest-pcrs input[value='7']");
    expect(await act(page, "attest", "#attest-quote")).toBe("");
    expect(await text(page, "#attest-verified")).toMatch(
      /^quote verified: .* over PCRs 0, 7, 16; with another nonce: refused \(NONCE_MISMATCH\)$/,
    );
    // The quoted pcrDigest is SHA-256 over PCRs 0, 7 and 16 as the PCR table shows them.
    const pcrCell = (i: number) =>
      page.$eval(`#pcr-rows tr:nth-child(${i + 1}) td:nth-child(2)`, (e) => e.textContent ?? "");
    const shown = await Promise.all([0, 7, 16].map(async (i) => new Uint8Array(Buffer.from(await pcrCell(i), "hex"))));
    const pcrDigest = /pcrDigest ([0-9a-f]{64})/.exec(await text(page, "#attest-verified"))?.[1];
    expect(pcrDigest).toBe(Buffer.from(sha256(...shown)).toString("hex"));
    const decoded = await text(page, "#attest-decoded");
    expect(decoded).toContain("TPM_ST_ATTEST_QUOTE");
    expect(decoded.replace(/\s/g, "")).toContain(await text(page, "#attest-nonce"));
    await shoot(page, "attest");

    // Keyboard: Tab reaches every button and field; every field has a label.
    const unlabeled = await page.$$eval("input", (inputs) =>
      inputs.filter((i) => i.type !== "checkbox" && !(i.labels && i.labels.length > 0)).map((i) => i.id),
    );
    expect(unlabeled).toEqual([]);
    const focusable = new Set<string>();
    await page.focus("#tpm-refresh");
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      focusable.add(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    for (const id of ["pcr-extend", "random-count", "nv-password", "nv-read", "keys-sign", "ek-read"]) {
      expect(focusable).toContain(id);
    }

    // Secrets: not in the DOM, not in the console, not in any WebSocket frame in clear.
    await page.screenshot({ path: join(shots, "page.png"), fullPage: true });
    const html = await page.content();
    for (const secret of [NV_PASSWORD, KEY_PASSWORD]) {
      expect(html).not.toContain(secret);
      expect(logs.join("\n")).not.toContain(secret);
    }
    expect(sent.length).toBeGreaterThan(20);
    const wire = Buffer.concat(sent);
    for (const secret of [NV_PASSWORD, KEY_PASSWORD, NV_DATA]) expect(wire.includes(Buffer.from(secret))).toBe(false);
    expect(Buffer.concat(received).includes(Buffer.from(NV_DATA))).toBe(false);
    // The check bites: PCR_Extend (no secret, a password session) sent its digest in clear, and the tap saw it.
    expect(wire.includes(Buffer.from(sha256(new TextEncoder().encode("hello from Chromium"))))).toBe(true);

    // A reload connects again with the token the tab was given (kept in sessionStorage, not in the address).
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "true", { timeout: 30_000 });
    expect(await text(page, "#status")).toMatch(/^Connected/);
    expect(page.url()).not.toContain(demo.token);
    await page.close();
  },
  80_000,
);

it.skipIf(!haveChromium)(
  "a page from another origin, with a wrong token or none, shows the refusal instead of a TPM",
  async () => {
    let page = await browser.newPage();
    // The same page from another origin (another port), its WebSocket passed through to the proxy as is.
    const other = await otherOriginServer(demo.origin);
    try {
      await page.goto(`${other.origin}/#token=${demo.token}`);
      await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "refused", {
        timeout: 15_000,
      });
    } finally {
      await other.close();
    }
    const otherOrigin = await text(page, "#status");
    expect(otherOrigin).toMatch(/^Not connected: .*4403.*origin/);
    await page.screenshot({ path: join(shots, "refused-origin.png") });
    await page.goto(`${demo.origin}/#token=${"00".repeat(32)}`);
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "refused", {
      timeout: 15_000,
    });
    const wrongToken = await text(page, "#status");
    expect(wrongToken).toMatch(/^Not connected: .*4401/);
    // The panels are out of reach (inert) while there is no TPM.
    expect(await page.$eval("#panels", (m) => (m as HTMLElement).inert)).toBe(true);
    await page.close();
    // No token at all (a new tab: the token a tab was given is kept for its reloads only).
    page = await browser.newPage();
    await page.goto(`${demo.origin}/`);
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "refused", {
      timeout: 15_000,
    });
    expect(await text(page, "#status")).toMatch(/#token=/);
    console.log(`refusals shown by the page:\n  other origin: ${otherOrigin}\n  wrong token: ${wrongToken}`);
    await page.screenshot({ path: join(shots, "refused-no-token.png") });
    await page.close();
  },
  30_000,
);

it.skipIf(!haveChromium)(
  "the EK panel refuses the chain when the server's roots are not given (the vendor roots do not cover swtpm)",
  async () => {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().endsWith("/config.json")) {
        void request.respond({ status: 200, contentType: "application/json", body: '{"roots":[],"intermediates":[]}' });
      } else {
        void request.continue();
      }
    });
    await page.goto(demo.url);
    await page.waitForFunction(() => document.body.dataset.ready === "true", { timeout: 30_000 });
    const error = await act(page, "ek", "#ek-read");
    expect(error).toMatch(/^EkCertError [A-Z_]+: .*CN=swtpm-localca/);
    expect(await text(page, "#ek-verified")).toBe("");
    expect(await text(page, "#ek-subject")).toBe("CN=unknown"); // read and shown; only the chain failed
    console.log(`EK chain without the local CA: ${error}`);
    await page.close();
  },
  40_000,
);

it.skipIf(!haveChromium)(
  "#bench measures GetRandom and HMAC-session round trips per second in the page",
  async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}&bench`);
    await page.waitForFunction(() => document.getElementById("bench")?.dataset.done === "true", { timeout: 30_000 });
    expect(await text(page, "#bench-error")).toBe("");
    const figures = JSON.parse(await text(page, "#bench-result")) as {
      getRandomPerSecond: number;
      hmacSessionCommandsPerSecond: number;
    };
    console.log(
      `in Chromium over the WebSocket proxy: GetRandom ${figures.getRandomPerSecond.toFixed(0)}/s, HMAC-session commands ${figures.hmacSessionCommandsPerSecond.toFixed(0)}/s`,
    );
    expect(figures.getRandomPerSecond).toBeGreaterThan(10);
    expect(figures.hmacSessionCommandsPerSecond).toBeGreaterThan(5);
    await page.close();
  },
  40_000,
);

if (!haveChromium) it.skip("examples/web in Chromium (skipped: /usr/bin/chromium is not installed)", () => {});
