// The release train end to end, against a real (private) npm registry: a throwaway
// copy of the repository runs `pnpm release --dry-run` (clean build, every tarball
// checked by publint --strict and are-the-types-wrong esm-only), then `changeset
// version` and `pnpm publish -r` into Verdaccio; fresh npm projects outside the
// workspace install from it with plain `npm`, and each checks `npm ls --all` (the
// @tss packages and third-party packages it should pull, nothing more), runs its code
// against swtpm, and type-checks a consumer with `tsc --strict` under nodenext and
// bundler resolution, with and without DOM in lib (among them: a verifier of a real
// STMicro EK certificate to @tss/ekcert-roots' store, and a GetRandom through
// @tss/transport-websocket's proxy and client). A marshal patch release then
// installs beside the released @tss/tss with one copy of marshal.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRegistry, repositoryRoot, startRegistry, throwawayCopy } from "../src/registry.js";
import { haveSwtpm, type SwtpmProcess, startSwtpm } from "../src/swtpm.js";

const root = repositoryRoot();
const tsc = join(root, "node_modules", ".bin", "tsc");
const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking the event loop (installs run in parallel). */
/**
 * The environment of a child: this process's, without the npm_config_* settings an
 * outer `npm test` exports (its userconfig and registry would override ours), plus
 * `env` with npm settings in the lowercase form npm and pnpm read first.
 */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const npmSetting = (k: string) => /^npm_config_/i.test(k);
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !npmSetting(k))),
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [npmSetting(k) ? k.toLowerCase() : k, v])),
  };
}

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 240_000) {
  return new Promise<Run>((resolve) => {
    const child = spawn(cmd, [...args], { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += String(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ status: 1, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Every package in an `npm ls --all --json` tree, as name → versions. */
function packagesInTree(tree: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (deps: Record<string, { version?: string; dependencies?: unknown }> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      // An optional peer or optional dependency that is not installed has no version.
      if (!node.version) continue;
      if (!out.has(name)) out.set(name, new Set());
      out.get(name)?.add(node.version);
      walk(node.dependencies as never);
    }
  };
  walk((tree as { dependencies?: never }).dependencies);
  return out;
}

/** One scratch project: what it installs, what `npm ls` must show, its code and its consumer. */
interface Scratch {
  readonly name: string;
  readonly install: readonly string[];
  /** Exactly the @tss packages `npm ls --all` shows. */
  readonly tss: readonly string[];
  /** Exactly the third-party packages `npm ls --all` shows. */
  readonly thirdParty: readonly string[];
  /** Plain JavaScript (ESM) run with node; prints "ok <detail>". Gets TPM_HOST/TPM_PORT/TPM_CTRL. */
  readonly main?: string;
  /** A TypeScript consumer type-checked four ways. */
  readonly consumer: string;
  /** The consumer is for Node: @types/node 20 is installed and in `types` (else `types: []`). */
  readonly node: boolean;
}

const tssConnect = `
import { createTss } from "@tss/tss";
import { MssimTransport } from "@tss/transport-mssim";
const transport = new MssimTransport({
  host: process.env.TPM_HOST, port: Number(process.env.TPM_PORT),
  serverType: "raw", platform: "swtpm", platformPort: Number(process.env.TPM_CTRL),
});`;

/** A salted-free HMAC session with response encryption: the crypto plugin computes the HMACs and the XOR/CFB mask. */
const encryptedGetRandom = `
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION } from "@tss/marshal";
const tss = createTss({ transport, crypto: createCrypto() });
try {
  const { sessionHandle } = await tss.startAuthSession({
    tpmKey: TPM_RH.NULL, bind: TPM_RH.NULL, nonceCaller: new Uint8Array(16), encryptedSalt: new Uint8Array(),
    sessionType: TPM_SE.HMAC, authHash: TPM_ALG_ID.SHA256,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
  });
  const { randomBytes } = await tss.getRandom({ bytesRequested: 8 }, {
    sessions: [{ handle: sessionHandle, attributes: TPMA_SESSION.continueSession | TPMA_SESSION.encrypt }],
  });
  await tss.flushContext({ flushHandle: sessionHandle });
  if (randomBytes.length !== 8) throw new Error("wrong length " + randomBytes.length);
  console.log("ok encrypted", randomBytes.length);
} finally {
  await tss.close();
}`;

const tssConsumer = (cryptoPkg: string | undefined) => `
import { createTss, type Tss } from "@tss/tss";
import { MssimTransport } from "@tss/transport-mssim";
${cryptoPkg ? `import { createCrypto } from "${cryptoPkg}";` : ""}
import { TPM_ALG_ID, TPM_RH, TPM_SE, TssError } from "@tss/marshal";
export async function random(port: number): Promise<Uint8Array> {
  const tss: Tss = createTss({ transport: new MssimTransport({ port, serverType: "raw" })${cryptoPkg ? ", crypto: createCrypto()" : ""} });
  const { sessionHandle } = await tss.startAuthSession({
    tpmKey: TPM_RH.NULL, bind: TPM_RH.NULL, nonceCaller: new Uint8Array(16), encryptedSalt: new Uint8Array(),
    sessionType: TPM_SE.HMAC, authHash: TPM_ALG_ID.SHA256,
    symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
  });
  const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
  await tss.flushContext({ flushHandle: sessionHandle });
  await tss.close();
  return randomBytes;
}
export const isTssError = (e: unknown): e is TssError => e instanceof TssError;
`;

/** What a Node consumer installs for its types, and what that pulls. */
const nodeTypes = ["@types/node@^20.19.0"];
const nodeTypesPulls = ["@types/node", "undici-types"];
/** What @tss/crypto-webcrypto pulls. */
const webcryptoPulls = ["@noble/ciphers", "@noble/hashes"];

/** A real STMicro EK certificate (ECC P-256, valid 2018 to 2028) from the ek-certs fixtures. */
const stmEkCertificate = join(
  repositoryRoot(),
  "tools",
  "reg",
  "test",
  "fixtures",
  "ek-certs",
  "stm-ecc-ek-keylime.der",
);

const scratches: readonly Scratch[] = [
  {
    name: "marshal-only",
    node: false,
    install: ["@tss/marshal"],
    tss: ["@tss/marshal"],
    thirdParty: [],
    main: `
import { connect } from "node:net";
import { COMMANDS, marshalCommand, unmarshalResponse } from "@tss/marshal";
const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 8 });
const socket = connect({ host: process.env.TPM_HOST, port: Number(process.env.TPM_PORT) });
let response = new Uint8Array(0);
socket.on("data", (chunk) => {
  response = new Uint8Array([...response, ...chunk]);
  if (response.length >= 10 && new DataView(response.buffer).getUint32(2) === response.length) {
    socket.end();
    const { randomBytes } = unmarshalResponse(COMMANDS.GetRandom, response);
    if (randomBytes.length !== 8) throw new Error("wrong length");
    console.log("ok raw GetRandom", randomBytes.length);
  }
});
socket.write(command);`,
    consumer: `
import { COMMANDS, marshalCommand, unmarshalResponse, TPM_CC, TssError } from "@tss/marshal";
export const command: Uint8Array = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 8 });
export const random = (r: Uint8Array): Uint8Array => unmarshalResponse(COMMANDS.GetRandom, r).randomBytes;
export const code: number = TPM_CC.GetRandom;
export const isTssError = (e: unknown): e is TssError => e instanceof TssError;
`,
  },
  {
    name: "no-crypto",
    node: true,
    install: [...nodeTypes, "@tss/tss", "@tss/transport-mssim"],
    tss: ["@tss/tss", "@tss/marshal", "@tss/session", "@tss/transport-mssim"],
    thirdParty: [...nodeTypesPulls],
    main: `${tssConnect}
const tss = createTss({ transport });
const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
await tss.close();
if (randomBytes.length !== 8) throw new Error("wrong length");
console.log("ok getRandom", randomBytes.length);`,
    consumer: tssConsumer(undefined),
  },
  {
    name: "forge",
    node: true,
    install: [...nodeTypes, "@tss/tss", "@tss/transport-mssim", "@tss/crypto-forge"],
    tss: ["@tss/tss", "@tss/marshal", "@tss/session", "@tss/transport-mssim", "@tss/crypto-forge"],
    thirdParty: ["node-forge", "@noble/curves", "@noble/hashes", ...nodeTypesPulls],
    main: `${tssConnect}
import { createCrypto } from "@tss/crypto-forge";
${encryptedGetRandom}`,
    consumer: tssConsumer("@tss/crypto-forge"),
  },
  {
    name: "webcrypto",
    node: true,
    install: [...nodeTypes, "@tss/tss", "@tss/transport-mssim", "@tss/crypto-webcrypto"],
    tss: ["@tss/tss", "@tss/marshal", "@tss/session", "@tss/transport-mssim", "@tss/crypto-webcrypto"],
    // @tss/crypto-webcrypto: @noble/ciphers and @noble/hashes where WebCrypto lacks an algorithm.
    thirdParty: [...webcryptoPulls, ...nodeTypesPulls],
    main: `${tssConnect}
import { createCrypto } from "@tss/crypto-webcrypto";
${encryptedGetRandom}`,
    consumer: tssConsumer("@tss/crypto-webcrypto"),
  },
  {
    name: "ekcert",
    node: true,
    install: [...nodeTypes, "@tss/ekcert", "@tss/tss", "@tss/crypto-webcrypto", "@tss/transport-mssim"],
    tss: ["@tss/ekcert", "@tss/tss", "@tss/marshal", "@tss/session", "@tss/transport-mssim", "@tss/crypto-webcrypto"],
    thirdParty: [...webcryptoPulls, ...nodeTypesPulls],
    main: `${tssConnect}
import { createEk } from "@tss/ekcert";
import { createWebCrypto } from "@tss/crypto-webcrypto";
const tss = createTss({ transport, crypto: createWebCrypto() });
try {
  const ek = await createEk(tss, { algorithm: "rsa2048" });
  await tss.flushContext({ flushHandle: ek.handle });
  if (ek.name.length !== 34) throw new Error("EK Name length " + ek.name.length);
  console.log("ok createEk", ek.name.length);
} finally {
  await tss.close();
}`,
    consumer: `
import { createEk, ekTemplate, intelEkCertificateUrl } from "@tss/ekcert";
import type { Tss } from "@tss/tss";
export async function ekName(tss: Tss): Promise<Uint8Array> {
  const ek = await createEk(tss, { algorithm: "rsa2048" });
  return ek.name;
}
export { ekTemplate, intelEkCertificateUrl };
`,
  },
  {
    // The verifier without a TPM: browser-safe, no @types/node; a quote signed with WebCrypto is verified.
    name: "attest",
    node: false,
    install: ["@tss/attest", "@tss/crypto-webcrypto"],
    tss: ["@tss/attest", "@tss/marshal", "@tss/policy", "@tss/session", "@tss/crypto-webcrypto"],
    thirdParty: [...webcryptoPulls],
    main: `
import { makeCredential, verifyQuote } from "@tss/attest";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { marshal, TPM_ALG_ID, TPM_ECC_CURVE, TPM_ST, TPMA_OBJECT, TPMS_ATTEST } from "@tss/marshal";
const crypto = createWebCrypto();
const subtle = globalThis.crypto.subtle;
const keys = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
const raw = new Uint8Array(await subtle.exportKey("raw", keys.publicKey));
const point = { x: raw.slice(1, 33), y: raw.slice(33) };
const empty = new Uint8Array(0);
const NULL = { scheme: TPM_ALG_ID.NULL, details: {} };
const ecc = (objectAttributes, symmetric, scheme) => ({
  type: TPM_ALG_ID.ECC, nameAlg: TPM_ALG_ID.SHA256, objectAttributes, authPolicy: empty,
  parameters: { eccDetail: { symmetric, scheme, curveID: TPM_ECC_CURVE.NIST_P256, kdf: NULL } },
  unique: { ecc: point },
});
const fixed = TPMA_OBJECT.fixedTPM | TPMA_OBJECT.fixedParent | TPMA_OBJECT.sensitiveDataOrigin | TPMA_OBJECT.restricted;
const akPublic = ecc(fixed | TPMA_OBJECT.sign, { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
  { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } });
const ekPublic = ecc(fixed | TPMA_OBJECT.decrypt | TPMA_OBJECT.adminWithPolicy,
  { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } }, NULL);
const pcr = new Uint8Array(32);
const nonce = Uint8Array.of(1, 2, 3);
const attest = marshal(TPMS_ATTEST, {
  magic: 0xff544347, type: TPM_ST.ATTEST_QUOTE, qualifiedSigner: empty, extraData: nonce,
  clockInfo: { clock: 1n, resetCount: 0, restartCount: 0, safe: true }, firmwareVersion: 0n,
  attested: { quote: { pcrSelect: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(1, 0, 0) }],
    pcrDigest: new Uint8Array(await subtle.digest("SHA-256", pcr)) } },
});
const sig = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, attest));
const signature = { sigAlg: TPM_ALG_ID.ECDSA,
  signature: { ecdsa: { hash: TPM_ALG_ID.SHA256, signatureR: sig.slice(0, 32), signatureS: sig.slice(32) } } };
const quote = await verifyQuote({ attest, signature, akPublic, nonce, pcrs: { [TPM_ALG_ID.SHA256]: { 0: pcr } }, crypto });
const { credentialBlob, secret } = await makeCredential({ ekPublic, akPublic, secret: new Uint8Array(16), crypto });
console.log("ok verifyQuote", quote.pcrDigest.length, "makeCredential", credentialBlob.length, secret.length);`,
    consumer: `
import { AttestError, type ExpectedPcrs, makeCredential, type VerifiedQuote, verifyQuote } from "@tss/attest";
import type { Crypto } from "@tss/marshal";
export function check(crypto: Crypto, attest: Uint8Array, signature: Uint8Array, akPublic: Uint8Array, nonce: Uint8Array, pcrs: ExpectedPcrs): Promise<VerifiedQuote> {
  return verifyQuote({ attest, signature, akPublic, nonce, pcrs, crypto });
}
export const credential = (crypto: Crypto, ekPublic: Uint8Array, akName: Uint8Array) =>
  makeCredential({ ekPublic, akName, secret: new Uint8Array(32), crypto });
export const isAttestError = (e: unknown): e is AttestError => e instanceof AttestError;
`,
  },
  {
    // The EK certificate verifier without a TPM: browser-safe, no @types/node. A real
    // STMicro EK certificate (ECC, valid until 2028) chains to the store's STM root;
    // the same certificate with one bit of its signature flipped does not.
    name: "verifier",
    node: false,
    install: ["@tss/ekcert", "@tss/ekcert-roots", "@tss/crypto-webcrypto"],
    tss: ["@tss/ekcert", "@tss/ekcert-roots", "@tss/crypto-webcrypto", "@tss/marshal"],
    thirdParty: [...webcryptoPulls],
    main: `
import { EkCertError, verifyCertificateChain } from "@tss/ekcert";
import { intermediates, roots } from "@tss/ekcert-roots";
import { createWebCrypto } from "@tss/crypto-webcrypto";
const der = Uint8Array.from(atob("${Buffer.from(readFileSync(stmEkCertificate)).toString("base64")}"), (c) => c.charCodeAt(0));
const store = { roots: roots().map((c) => c.der), intermediates: intermediates().map((c) => c.der) };
const crypto = createWebCrypto();
const { chain, root } = await verifyCertificateChain(crypto, der, store);
const stmRoots = roots().filter((c) => c.vendor === "STM").map((c) => c.sha256);
const rootSha = Array.from(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", root.der)), (b) => b.toString(16).padStart(2, "0")).join("");
if (chain.length < 2 || !stmRoots.includes(rootSha)) throw new Error("not an STM root: " + rootSha);
const bad = Uint8Array.from(der);
bad[bad.length - 10] ^= 1;
const refused = await verifyCertificateChain(crypto, bad, store).then(() => "verified", (e) => e instanceof EkCertError ? e.code : String(e));
if (refused !== "BAD_SIGNATURE") throw new Error("a tampered certificate: " + refused);
console.log("ok verified", chain.length, "certificates to the STM root", rootSha.slice(0, 16), "tampered:", refused);`,
    consumer: `
import { type Certificate, EkCertError, verifyCertificateChain } from "@tss/ekcert";
import { byVendor, intermediates, roots, type VendorCertificate } from "@tss/ekcert-roots";
import { createWebCrypto } from "@tss/crypto-webcrypto";
export async function verify(der: Uint8Array): Promise<Certificate> {
  const { root } = await verifyCertificateChain(createWebCrypto(), der, {
    roots: roots().map((c: VendorCertificate) => c.der),
    intermediates: intermediates().map((c) => c.der),
  });
  return root;
}
export const stm: readonly VendorCertificate[] = byVendor("STM");
export const isEkCertError = (e: unknown): e is EkCertError => e instanceof EkCertError;
`,
  },
  {
    // A Node server and client in one script: createWebSocketProxy in front of an MS-sim
    // connection to swtpm, and a Tss over WebSocketTransport (ws's WebSocket: Node 20 has none).
    name: "websocket",
    node: true,
    install: [
      ...nodeTypes,
      "@tss/tss",
      "@tss/transport-websocket",
      "@tss/transport-mssim",
      "@tss/crypto-webcrypto",
      "ws",
    ],
    tss: [
      "@tss/tss",
      "@tss/marshal",
      "@tss/session",
      "@tss/transport-websocket",
      "@tss/transport-mssim",
      "@tss/crypto-webcrypto",
    ],
    thirdParty: ["ws", ...webcryptoPulls, ...nodeTypesPulls],
    main: `${tssConnect}
import { WebSocketTransport } from "@tss/transport-websocket";
import { createWebSocketProxy } from "@tss/transport-websocket/server";
import { createWebCrypto as createCrypto } from "@tss/crypto-webcrypto";
import { WebSocket } from "ws";
const proxy = await createWebSocketProxy({ transport });
try {
  const tss = createTss({ transport: new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket }), crypto: createCrypto() });
  const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
  if (randomBytes.length !== 8) throw new Error("wrong length " + randomBytes.length);
  if (proxy.commandCount < 1) throw new Error("the command did not cross the proxy");
  await tss.close();
  console.log("ok getRandom over the WebSocket proxy", randomBytes.length, "commands", proxy.commandCount);
} finally {
  await proxy.close();
  await transport.close();
}`,
    consumer: `
import { createTss, type Tss } from "@tss/tss";
import { MssimTransport } from "@tss/transport-mssim";
import { WebSocketTransport } from "@tss/transport-websocket";
import { createWebSocketProxy, type WebSocketProxy } from "@tss/transport-websocket/server";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import type { WebSocketConstructor } from "@tss/transport-websocket";
export async function serve(port: number): Promise<WebSocketProxy> {
  return createWebSocketProxy({ transport: new MssimTransport({ port, serverType: "raw" }) });
}
export function connect(proxy: WebSocketProxy, WebSocket: WebSocketConstructor): Tss {
  return createTss({
    transport: new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket }),
    crypto: createWebCrypto(),
  });
}
`,
  },
  {
    name: "cli",
    node: true,
    install: [...nodeTypes, "@tss/cli"],
    tss: [
      "@tss/cli",
      "@tss/crypto-forge",
      "@tss/crypto-webcrypto",
      "@tss/ekcert",
      "@tss/ekcert-roots",
      "@tss/eventlog",
      "@tss/marshal",
      "@tss/policy",
      "@tss/session",
      "@tss/transport-mssim",
      "@tss/transport-tbs",
      "@tss/transport-websocket",
      "@tss/tss",
    ],
    // koffi is an optional dependency of the CLI (TBS on Windows): npm installs it and
    // the one prebuilt binary package for this platform. ws: the WebSocket proxy (tss proxy --websocket).
    thirdParty: [
      "node-forge",
      "@noble/ciphers",
      "@noble/curves",
      "@noble/hashes",
      "koffi",
      "ws",
      `@koromix/koffi-${process.platform}-${process.arch}`,
      ...nodeTypesPulls,
    ],
    consumer: `
import * as cli from "@tss/cli";
export const names: string[] = Object.keys(cli);
`,
  },
];

const tsconfigs = [
  { label: "nodenext", module: "nodenext", moduleResolution: "nodenext", lib: ["es2023", "esnext.disposable"] },
  {
    label: "nodenext + DOM",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["es2023", "esnext.disposable", "dom"],
  },
  { label: "bundler", module: "esnext", moduleResolution: "bundler", lib: ["es2023", "esnext.disposable"] },
  {
    label: "bundler + DOM",
    module: "esnext",
    moduleResolution: "bundler",
    lib: ["es2023", "esnext.disposable", "dom"],
  },
] as const;

const skip = !haveSwtpm();

describe.skipIf(skip)("packages from a private registry (Verdaccio)", { timeout: 300_000 }, () => {
  let registry: PrivateRegistry;
  let copy: string;
  let tpm: SwtpmProcess;
  let versions: Record<string, string> = {};
  const projects = new Map<string, string>();
  const started = Date.now();

  beforeAll(async () => {
    copy = throwawayCopy();
    [registry, tpm] = await Promise.all([startRegistry(), startSwtpm()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), tpm?.stop()]);
    if (copy) rmSync(copy, { recursive: true, force: true });
    for (const dir of projects.values()) rmSync(dir, { recursive: true, force: true });
    console.log(`packages-registry: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  it("pnpm release --dry-run: clean builds, every tarball passes publint --strict and attw esm-only", async () => {
    // About a minute alone; give it room on a loaded 2-core machine (npm test runs files in parallel).
    const r = await sh(
      "pnpm",
      ["run", "release", "--dry-run", "--registry", registry.url],
      copy,
      { NPM_CONFIG_USERCONFIG: registry.npmrc },
      540_000,
    );
    expect(r.stderr + r.stdout).toMatch(/dry run passed/);
    expect(r.status).toBe(0);
    const checked = [...r.stdout.matchAll(/^ {2}(tss-[\w-]+?)-\d+\.\d+\.\d+\.tgz: \d+ files, clean$/gm)];
    expect(checked.length).toBeGreaterThanOrEqual(13);
    // Nothing was published: the registry has no @tss package yet.
    expect((await fetch(`${registry.url}@tss%2fmarshal`)).status).toBe(404);
  }, 600_000);

  it("changeset version, then pnpm publish -r into the registry", async () => {
    const v = await sh(join(copy, "node_modules", ".bin", "changeset"), ["version"], copy);
    expect(v.status, v.stderr).toBe(0);
    const p = await sh(
      "pnpm",
      [
        "publish",
        "-r",
        "--filter=./packages/*",
        "--access",
        "public",
        "--no-git-checks",
        "--ignore-scripts",
        "--registry",
        registry.url,
      ],
      copy,
      { NPM_CONFIG_USERCONFIG: registry.npmrc },
    );
    expect(p.status, p.stderr + p.stdout).toBe(0);
    versions = {};
    for (const folder of listPackages(copy)) {
      const pkg = JSON.parse(readFileSync(join(copy, "packages", folder, "package.json"), "utf8"));
      versions[pkg.name] = pkg.version;
      const doc = (await (await fetch(`${registry.url}${pkg.name.replace("/", "%2f")}`)).json()) as {
        versions?: Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
      };
      const published = doc.versions?.[pkg.version];
      expect(published, `${pkg.name}@${pkg.version} in the registry`).toBeDefined();
      // Internal ranges are carets within a major, never ">=" nor "workspace:".
      for (const [dep, range] of Object.entries({ ...published?.dependencies, ...published?.peerDependencies })) {
        if (dep.startsWith("@tss/")) expect(range, `${pkg.name} -> ${dep}`).toMatch(/^\^\d+\.\d+\.\d+$/);
      }
    }
    expect(Object.keys(versions).length).toBeGreaterThanOrEqual(13);
  });

  it("installs every scratch project from the registry with plain npm (in parallel)", async () => {
    const runs = await Promise.all(
      scratches.map(async (s) => {
        const dir = mkdtempSync(join(tmpdir(), `tss-scratch-${s.name}-`));
        projects.set(s.name, dir);
        writeFileSync(
          join(dir, "package.json"),
          `${JSON.stringify({ name: `scratch-${s.name}`, private: true, type: "module" }, null, 2)}\n`,
        );
        writeFileSync(join(dir, ".npmrc"), `registry=${registry.url}\n`);
        const r = await sh("npm", ["install", ...npmFlags, "--registry", registry.url, ...s.install], dir, {
          // npm must not see the workspace's pnpm settings.
          npm_config_userconfig: join(dir, ".npmrc"),
        });
        return { name: s.name, ...r };
      }),
    );
    for (const r of runs) expect(r.status, `${r.name}: ${r.stderr}`).toBe(0);
  });

  describe.each(scratches)("$name", (s) => {
    it("npm ls --all shows exactly the packages it should pull", async () => {
      const dir = projects.get(s.name);
      if (!dir) throw new Error("not installed");
      const r = await sh("npm", ["ls", "--all", "--json"], dir);
      expect(r.status, r.stderr).toBe(0);
      const tree = packagesInTree(JSON.parse(r.stdout));
      const names = [...tree.keys()];
      console.log(`npm ls --all (${s.name}): ${[...tree].map(([n, v]) => `${n}@${[...v].join("|")}`).join(", ")}`);
      expect(names.filter((n) => n.startsWith("@tss/")).sort()).toEqual([...s.tss].sort());
      expect(names.filter((n) => !n.startsWith("@tss/")).sort()).toEqual([...s.thirdParty].sort());
      // One copy of each package, at the version just published for ours.
      for (const [name, vs] of tree) {
        expect(vs.size, `${name}: ${[...vs].join(", ")}`).toBe(1);
        if (name.startsWith("@tss/")) expect([...vs][0]).toBe(versions[name]);
      }
    });

    it("runs against swtpm", async () => {
      const dir = projects.get(s.name);
      if (!dir) throw new Error("not installed");
      const env = { TPM_HOST: tpm.host, TPM_PORT: String(tpm.port), TPM_CTRL: String(tpm.ctrlPort) };
      if (s.main) {
        writeFileSync(join(dir, "main.mjs"), s.main);
        const r = await sh(process.execPath, ["main.mjs"], dir, env, 60_000);
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(/^ok /);
        expect(r.status).toBe(0);
      }
      if (s.name === "cli") {
        const data = mkdtempSync(join(tmpdir(), "tss-scratch-data-"));
        try {
          const r = await sh("npx", ["--no-install", "tss", "getrandom", "-by", "8"], dir, {
            TPM_INTERFACE_TYPE: "socsim",
            TPM_SERVER_NAME: tpm.host,
            TPM_SERVER_TYPE: "raw",
            TPM_COMMAND_PORT: String(tpm.port),
            TPM_PLATFORM_PORT: String(tpm.ctrlPort),
            TPM_PLATFORM_TYPE: "swtpm",
            TPM_DATA_DIR: data,
          });
          expect(r.status, r.stderr).toBe(0);
          // IBM's format: 8 bytes as hex pairs.
          expect(r.stdout.match(/\b[0-9a-f]{2}\b/g)?.length).toBeGreaterThanOrEqual(8);
        } finally {
          rmSync(data, { recursive: true, force: true });
        }
      }
    });

    it("every installed @tss package loads with require() (Node 20.19+ require of ES modules)", async () => {
      const dir = projects.get(s.name);
      if (!dir) throw new Error("not installed");
      const req = await sh(
        process.execPath,
        [
          "--input-type=commonjs",
          "-e",
          `for (const p of ${JSON.stringify(s.tss)}) { const m = require(p); if (!Object.keys(m).length) { console.error(p + " is empty"); process.exit(3); } }`,
        ],
        dir,
      );
      expect(req.stderr.replace(/^.*ExperimentalWarning.*\n?|^\(Use `node --trace-warnings.*\n?/gm, "")).toBe("");
      expect(req.status).toBe(0);
    });

    /** tsc --strict over the consumer under the given configurations; returns tsc's output per configuration. */
    async function typecheck(configs: readonly (typeof tsconfigs)[number][]) {
      const dir = projects.get(s.name);
      if (!dir) throw new Error("not installed");
      writeFileSync(join(dir, "consumer.ts"), s.consumer);
      return Promise.all(
        configs.map(async (c) => {
          const file = `tsconfig.${c.label.replace(/\W+/g, "-")}.json`;
          writeFileSync(
            join(dir, file),
            JSON.stringify({
              compilerOptions: {
                strict: true,
                noEmit: true,
                target: "es2022",
                module: c.module,
                moduleResolution: c.moduleResolution,
                lib: c.lib,
                types: s.node ? ["node"] : [],
                skipLibCheck: false,
              },
              files: ["consumer.ts"],
            }),
          );
          return { label: c.label, ...(await sh(tsc, ["-p", file], dir, {}, 120_000)) };
        }),
      );
    }

    it(`type-checks a consumer with tsc --strict (${s.node ? "@types/node" : "no @types/node"}): nodenext and bundler, with DOM`, async () => {
      for (const r of await typecheck(tsconfigs.filter((c) => (c.lib as readonly string[]).includes("dom")))) {
        expect(r.stdout + r.stderr, `${s.name} under ${r.label}`).toBe("");
        expect(r.status).toBe(0);
      }
    });

    // Without DOM: a browser-safe consumer (marshal-only) has neither DOM nor @types/node,
    // so the declarations must not name DOM-only types (AbortSignal) without declaring them.
    it(`type-checks a consumer with tsc --strict (${s.node ? "@types/node" : "no @types/node"}): nodenext and bundler, without DOM`, async () => {
      for (const r of await typecheck(tsconfigs.filter((c) => !(c.lib as readonly string[]).includes("dom")))) {
        expect(r.stdout + r.stderr, `${s.name} under ${r.label}`).toBe("");
        expect(r.status).toBe(0);
      }
    });
  });

  it("a marshal patch release bumps its dependents and installs beside the released tss with one marshal", async () => {
    const before = { ...versions };
    writeFileSync(
      join(copy, ".changeset", "registry-test-marshal-patch.md"),
      '---\n"@tss/marshal": patch\n---\n\nA patch.\n',
    );
    const v = await sh(join(copy, "node_modules", ".bin", "changeset"), ["version"], copy);
    expect(v.status, v.stderr).toBe(0);
    const after = (name: string) =>
      JSON.parse(readFileSync(join(copy, "packages", name.replace("@tss/", ""), "package.json"), "utf8"))
        .version as string;
    const marshal = after("@tss/marshal");
    expect(marshal).toBe(patchOf(before["@tss/marshal"]));
    // Dependents are bumped (a patch), so their next release asks for the new marshal.
    expect(after("@tss/tss")).toBe(patchOf(before["@tss/tss"]));
    expect(after("@tss/session")).toBe(patchOf(before["@tss/session"]));
    expect(readFileSync(join(copy, "packages", "tss", "CHANGELOG.md"), "utf8")).toMatch(
      new RegExp(`@tss/marshal@${marshal.replace(/\./g, "\\.")}`),
    );
    const p = await sh(
      "pnpm",
      [
        "publish",
        "--filter=@tss/marshal",
        "--access",
        "public",
        "--no-git-checks",
        "--ignore-scripts",
        "--registry",
        registry.url,
      ],
      copy,
      { NPM_CONFIG_USERCONFIG: registry.npmrc },
    );
    expect(p.status, p.stderr + p.stdout).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), "tss-scratch-patch-"));
    projects.set("patch", dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "scratch-patch", "private": true, "type": "module" }\n');
    writeFileSync(join(dir, ".npmrc"), `registry=${registry.url}\n`);
    const first = await sh(
      "npm",
      ["install", ...npmFlags, "--registry", registry.url, `@tss/tss@${before["@tss/tss"]}`, "@tss/transport-mssim"],
      dir,
      { npm_config_userconfig: join(dir, ".npmrc") },
    );
    expect(first.status, first.stderr).toBe(0);
    // --prefer-online: npm's cache holds marshal's metadata from before the patch.
    const second = await sh(
      "npm",
      ["install", "--prefer-online", "--no-audit", "--no-fund", "--registry", registry.url, `@tss/marshal@${marshal}`],
      dir,
      { npm_config_userconfig: join(dir, ".npmrc") },
    );
    expect(second.status, second.stderr).toBe(0);
    const ls = await sh("npm", ["ls", "--all", "--json"], dir);
    expect(ls.status, ls.stderr).toBe(0);
    const tree = packagesInTree(JSON.parse(ls.stdout));
    console.log(`npm ls --all (patch): ${[...tree].map(([n, v]) => `${n}@${[...v].join("|")}`).join(", ")}`);
    expect([...(tree.get("@tss/marshal") ?? [])]).toEqual([marshal]);
    expect([...(tree.get("@tss/tss") ?? [])]).toEqual([before["@tss/tss"]]);
    // One marshal: the TpmError class tss throws is the one the user imports.
    writeFileSync(
      join(dir, "main.mjs"),
      `${tssConnect}
import { TpmError } from "@tss/marshal";
const tss = createTss({ transport });
try {
  await tss.nvReadPublic({ nvIndex: 0x01500077 }); // no such index: TPM_RC_HANDLE
  throw new Error("no error");
} catch (e) {
  if (!(e instanceof TpmError)) throw new Error("a second TpmError class: " + e);
  console.log("ok one TpmError", e.message);
} finally {
  await tss.close();
}`,
    );
    const r = await sh(process.execPath, ["main.mjs"], dir, {
      TPM_HOST: tpm.host,
      TPM_PORT: String(tpm.port),
      TPM_CTRL: String(tpm.ctrlPort),
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^ok one TpmError/);
  });

  it("a third-party transport from docs/writing-a-transport.md, named in TPM_INTERFACE_TYPE, loads through openTss", async (ctx) => {
    // 1. The guide's example transport as its own npm package, tss-transport-acme.
    const pkgDir = mkdtempSync(join(tmpdir(), "tss-transport-acme-"));
    projects.set("acme-package", pkgDir);
    const example = readFileSync(
      join(copy, "packages", "transport-testkit", "test", "example-raw-tcp-transport.ts"),
      "utf8",
    );
    writeFileSync(join(pkgDir, "example-raw-tcp-transport.ts"), example);
    writeFileSync(
      join(pkgDir, "index.ts"),
      `import { type Transport, TssError } from "@tss/marshal";
import { ExampleRawTcpTransport } from "./example-raw-tcp-transport.js";
export { ExampleRawTcpTransport };
/** What openTss calls for TPM_INTERFACE_TYPE=acme (docs/writing-a-transport.md). */
export async function createTransportFromProperties(props: Record<string, string>): Promise<Transport> {
  const port = Number(props.TPM_COMMAND_PORT ?? "2321");
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TssError("BAD_PROPERTY", \`TPM_COMMAND_PORT \${props.TPM_COMMAND_PORT} is not a port\`);
  }
  return new ExampleRawTcpTransport(props.TPM_SERVER_NAME ?? "localhost", port);
}
`,
    );
    writeFileSync(
      join(pkgDir, "package.json"),
      `${JSON.stringify(
        {
          name: "tss-transport-acme",
          version: "1.0.0",
          license: "BSD-3-Clause",
          type: "module",
          exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
          files: ["*.js", "*.d.ts"],
          dependencies: { "@tss/marshal": `^${versions["@tss/marshal"]}` },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(pkgDir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          lib: ["es2023", "esnext.disposable"],
          types: ["node"],
          declaration: true,
        },
        files: ["index.ts"],
      }),
    );
    const deps = await sh(
      "npm",
      ["install", ...npmFlags, "--registry", registry.url, "--no-save", ...nodeTypes, "@tss/marshal"],
      pkgDir,
    );
    expect(deps.status, deps.stderr).toBe(0);
    const built = await sh(tsc, ["-p", "tsconfig.json"], pkgDir);
    expect(built.stdout + built.stderr).toBe("");
    const published = await sh("npm", ["publish", "--registry", registry.url], pkgDir, {
      NPM_CONFIG_USERCONFIG: registry.npmrc,
    });
    expect(published.status, published.stderr).toBe(0);

    // 2. A user's project: @tss/tss and the transport package, nothing else.
    const dir = mkdtempSync(join(tmpdir(), "tss-scratch-acme-"));
    projects.set("acme", dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "scratch-acme", "private": true, "type": "module" }\n');
    writeFileSync(join(dir, ".npmrc"), `registry=${registry.url}\n`);
    const install = await sh(
      "npm",
      ["install", ...npmFlags, "--registry", registry.url, `@tss/tss@${versions["@tss/tss"]}`, "tss-transport-acme"],
      dir,
      { npm_config_userconfig: join(dir, ".npmrc") },
    );
    expect(install.status, install.stderr).toBe(0);
    const ls = await sh("npm", ["ls", "--all", "--json"], dir);
    const tree = packagesInTree(JSON.parse(ls.stdout));
    console.log(`npm ls --all (acme): ${[...tree].map(([n, v]) => `${n}@${[...v].join("|")}`).join(", ")}`);
    expect([...tree.keys()].sort()).toEqual(["@tss/marshal", "@tss/session", "@tss/tss", "tss-transport-acme"]);

    // openTss loads package-named transports only where the feature is built in.
    const probe = await sh(
      process.execPath,
      ["--input-type=module", "-e", 'const m = await import("@tss/tss"); console.log(typeof m.registerTransport);'],
      dir,
    );
    if (probe.stdout.trim() !== "function") {
      ctx.skip("waiting for openTss package-named transports (this @tss/tss has no registerTransport)");
    }
    writeFileSync(
      join(dir, "main.mjs"),
      `import { openTss } from "@tss/tss";
const tss = await openTss();
try {
  const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
  if (randomBytes.length !== 8) throw new Error("wrong length " + randomBytes.length);
  console.log("ok acme", randomBytes.length);
} finally {
  await tss.close();
}`,
    );
    const r = await sh(process.execPath, ["main.mjs"], dir, {
      TPM_INTERFACE_TYPE: "acme",
      TPM_SERVER_NAME: tpm.host,
      TPM_COMMAND_PORT: String(tpm.port),
      TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^ok acme 8/);
    expect(r.status).toBe(0);
  });
});

/** The public package folders of a repository copy. */
function listPackages(dir: string): string[] {
  return readdirSync(join(dir, "packages")).filter((f) => {
    try {
      return !JSON.parse(readFileSync(join(dir, "packages", f, "package.json"), "utf8")).private;
    } catch {
      return false;
    }
  });
}

/** The next patch version of x.y.z. */
function patchOf(version: string | undefined): string {
  const [major, minor, patch] = (version ?? "").split(".").map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}
