// @tss/attest is browser-safe: it bundles with esbuild for the browser with
// @tss/crypto-webcrypto (from the packages' dist, no externals), the bundle
// names no `node:` module, and it runs where there is no `process`, `require`
// or `Buffer` (a fresh vm context): makeCredential for an RSA and an ECC EK and
// verifyQuote of a swtpm quote. The credentials it makes are activated on the
// same swtpm (TPM2_ActivateCredential returns the secret).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { createNodeCrypto } from "@tss/crypto-node";
import { createEk } from "@tss/ekcert";
import {
  marshal,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_RH,
  TPM_RS,
  TPM_SE,
  TPMA_OBJECT,
  TPMT_PUBLIC,
  TPMT_SIGNATURE,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "fixtures", "attest-bundle-entry.ts");
const attestDist = join(here, "..", "..", "..", "packages", "attest", "dist", "index.js");
const empty = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

let tpm: Swtpm;
let tss: Tss;
beforeAll(async () => {
  tpm = await startSwtpm();
  tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }), crypto: createNodeCrypto() });
});
afterAll(async () => {
  await tss?.close();
  await tpm?.stop();
});

async function activate(akHandle: number, ekHandle: number, credentialBlob: Uint8Array, secret: Uint8Array) {
  const { sessionHandle } = await tss.startAuthSession({
    tpmKey: TPM_RH.NULL,
    bind: TPM_RH.NULL,
    nonceCaller: new Uint8Array(32).fill(7),
    encryptedSalt: empty,
    sessionType: TPM_SE.POLICY,
    symmetric: NULL_SYM,
    authHash: TPM_ALG_ID.SHA256,
  } as never);
  try {
    await tss.policySecret(
      {
        authHandle: TPM_RH.ENDORSEMENT,
        policySession: sessionHandle,
        nonceTPM: empty,
        cpHashA: empty,
        policyRef: empty,
        expiration: 0,
      },
      { sessions: [{ handle: TPM_RS.PW }] },
    );
    const out = await tss.activateCredential(
      { activateHandle: akHandle, keyHandle: ekHandle, credentialBlob, secret },
      { sessions: [{ handle: TPM_RS.PW }, { handle: sessionHandle, attributes: 0 }] },
    );
    return out.certInfo;
  } finally {
    await tss.flushContext({ flushHandle: sessionHandle }).catch(() => undefined);
  }
}

it("the @tss/attest bundle builds for platform browser, names no node: module, and verifies and makes credentials without process", async () => {
  expect(existsSync(attestDist), "run `pnpm build` first: the bundle is made from the packages' dist").toBe(true);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "AttestBundle",
    write: false,
    metafile: true,
    minify: true,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((f) => f.includes("packages/attest/dist/"))).toBe(true);
  expect(inputs.some((f) => f.includes("packages/crypto-webcrypto/dist/"))).toBe(true);
  expect(inputs.filter((f) => f.startsWith("node:") || f.includes("(disabled)"))).toEqual([]);
  expect(code).not.toMatch(/["'`]node:/);
  expect(code).not.toMatch(/\brequire\(/);
  console.log(
    `browser bundle (attest+session+marshal+crypto-webcrypto): ${code.length} bytes minified, ${gzipSync(code).length} bytes gzip`,
  );

  // The TPM side, in Node: two EKs, an AK, a quote.
  const rsaEk = await createEk(tss, { algorithm: "rsa2048" });
  const eccEk = await createEk(tss, { algorithm: "ecc-p256" });
  const ak = await tss.createPrimary({
    primaryHandle: TPM_RH.ENDORSEMENT,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: {
      publicArea: {
        type: TPM_ALG_ID.ECC,
        nameAlg: TPM_ALG_ID.SHA256,
        objectAttributes:
          TPMA_OBJECT.fixedTPM |
          TPMA_OBJECT.fixedParent |
          TPMA_OBJECT.sensitiveDataOrigin |
          TPMA_OBJECT.userWithAuth |
          TPMA_OBJECT.restricted |
          TPMA_OBJECT.sign,
        authPolicy: empty,
        parameters: {
          eccDetail: {
            symmetric: NULL_SYM,
            scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
            curveID: TPM_ECC_CURVE.NIST_P256,
            kdf: NULL_SCHEME,
          },
        },
        unique: { ecc: { x: empty, y: empty } },
      },
    } as never,
    outsideInfo: empty,
    creationPCR: [],
  });
  try {
    const selection = [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0x03, 0x00, 0x00) }];
    const read = await tss.pcrRead({ pcrSelectionIn: selection });
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const quote = await tss.quote({
      signHandle: ak.objectHandle,
      qualifyingData: nonce,
      inScheme: NULL_SCHEME,
      PCRselect: selection,
    } as never);
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 3);

    // A page: WebCrypto, text codecs, base64, timers; no process, require or Buffer.
    const context = vm.createContext({
      crypto: globalThis.crypto,
      btoa,
      atob,
      TextEncoder,
      TextDecoder,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      console,
    });
    vm.runInContext(code, context, { filename: "attest-bundle.js" });
    expect(vm.runInContext("typeof process + ' ' + typeof require + ' ' + typeof Buffer", context)).toBe(
      "undefined undefined undefined",
    );
    const run = (context.AttestBundle as { run: (input: unknown) => Promise<Record<string, unknown>> }).run;
    const out = (await run({
      ekPublics: [rsaEk.publicArea, eccEk.publicArea].map((p) => hex(marshal(TPMT_PUBLIC, p as never))),
      akPublic: hex(marshal(TPMT_PUBLIC, ak.outPublic.publicArea as never)),
      secret: hex(secret),
      quoted: hex(quote.quoted),
      signature: hex(marshal(TPMT_SIGNATURE, quote.signature as never)),
      nonce: hex(nonce),
      pcrs: { [TPM_ALG_ID.SHA256]: { 0: hex(read.pcrValues[0]!), 1: hex(read.pcrValues[1]!) } },
    })) as {
      credentials: { credentialBlob: string; secret: string }[];
      pcrDigest: string;
      clock: string;
      tampered: string;
      wrongNonce: string;
    };
    expect(out.tampered).toBe("BAD_SIGNATURE");
    expect(out.wrongNonce).toBe("NONCE_MISMATCH");
    expect(BigInt(out.clock)).toBeGreaterThan(0n);
    expect(out.pcrDigest).toHaveLength(64);
    // The credentials the page made come back from the TPM.
    const eks = [rsaEk.handle, eccEk.handle];
    expect(out.credentials).toHaveLength(2);
    for (const [i, c] of out.credentials.entries()) {
      const back = await activate(
        ak.objectHandle,
        eks[i]!,
        Buffer.from(c.credentialBlob, "hex"),
        Buffer.from(c.secret, "hex"),
      );
      expect(hex(back)).toBe(hex(secret));
    }
  } finally {
    await tss.flushContext({ flushHandle: ak.objectHandle });
    await tss.flushContext({ flushHandle: eccEk.handle });
    await tss.flushContext({ flushHandle: rsaEk.handle });
  }
});
