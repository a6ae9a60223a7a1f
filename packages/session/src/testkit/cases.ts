/**
 * The Crypto conformance kit: framework-agnostic cases, each throwing on
 * failure. Any Crypto implementation proves itself by running all of them:
 *
 *   for (const c of cryptoConformanceCases()) await c.run(myCrypto);
 *
 * Known answers come from vectors.ts (made by scripts/generate-vectors.py with
 * Python's hashlib and the `cryptography` package); randomized operations
 * (RSA-OAEP, ECDH, salts) are checked on the other side with the kit's own keys.
 */
import type { Crypto, SyncCrypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { labelBytes } from "../bytes.js";
import { kdfA } from "../kdf/kdfa.js";
import { kdfE } from "../kdf/kdfe.js";
import { objectName } from "../names.js";
import { cfbKeyIv, xorMask } from "../parameter-encryption.js";
import { cpHash, rpHash } from "../parameter-hash.js";
import { makeSalt } from "../salt.js";
import { commandHmac, responseHmac } from "../session-hmac.js";
import { sessionKey } from "../start-session.js";
import { ecdhX, isOnCurve } from "./ec-math.js";
import { runFlow } from "./flow-runner.js";
import { check, expectBytes, fromHex, toHex } from "./hex.js";
import { rsaOaepDecrypt } from "./rsa-math.js";
import { signatureConformanceCases } from "./signature-cases.js";
import { spkiConformanceCases } from "./spki-cases.js";
import { VECTORS } from "./vectors.js";

/** One conformance case. */
export interface ConformanceCase {
  readonly name: string;
  /** The optional Crypto member the case needs; a runner may skip the case when it is absent. */
  readonly requires?: "sync" | "verifyRsa" | "verifyEcdsa" | "aesGcmEncrypt" | "exportSpki" | "importSpki";
  /** Runs the case against one Crypto; rejects with a description of the failure. */
  run(crypto: Crypto): Promise<void>;
}

const HASH_NAMES: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "SHA-1",
  [TPM_ALG_ID.SHA256]: "SHA-256",
  [TPM_ALG_ID.SHA384]: "SHA-384",
  [TPM_ALG_ID.SHA512]: "SHA-512",
};

/** Passes when `e` is a TssError (by name, so a second copy of @tss/marshal still counts). */
function expectTssError(e: unknown, what: string): void {
  if ((e as Error)?.name !== "TssError") throw new Error(`${what}: expected a TssError, got ${String(e)}`);
}

/** Expects a rejection with a TssError. */
async function rejectsTyped(f: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await f();
  } catch (e) {
    expectTssError(e, what);
    return;
  }
  throw new Error(`${what}: expected a rejection`);
}

/** Expects a synchronous throw of a TssError. */
function throwsTyped(f: () => unknown, what: string): void {
  try {
    f();
  } catch (e) {
    expectTssError(e, what);
    return;
  }
  throw new Error(`${what}: expected a throw`);
}

/** The per-command primitives, as a Crypto has them (promised) or its sync facet (at once). */
type Primitives = Pick<Crypto, "hash" | "hmac" | "aesCfb"> | SyncCrypto;

/** Bad inputs to the per-command primitives: each refused with a TssError, rejected by a Crypto, thrown by a sync facet. */
const BAD_PRIMITIVE_CALLS: readonly (readonly [string, (p: Primitives) => unknown])[] = [
  ["hash with AES", (p) => p.hash(TPM_ALG_ID.AES, new Uint8Array(1))],
  ["hmac with NULL", (p) => p.hmac(TPM_ALG_ID.NULL, new Uint8Array(1), new Uint8Array(1))],
  ["AES key of 15 bytes", (p) => p.aesCfb(true, new Uint8Array(15), new Uint8Array(16), new Uint8Array(16))],
  ["CFB IV of 8 bytes", (p) => p.aesCfb(false, new Uint8Array(16), new Uint8Array(8), new Uint8Array(16))],
  // Octets given as something else: read as other octets (a string), or failing deep inside.
  ["SHA-256 of a string", (p) => p.hash(TPM_ALG_ID.SHA256, "abc" as never)],
  ["SHA-1 of a string", (p) => p.hash(TPM_ALG_ID.SHA1, "abc" as never)],
  ["HMAC with a string key", (p) => p.hmac(TPM_ALG_ID.SHA256, "key" as never, new Uint8Array(1))],
  ["HMAC-SHA-1 of an array", (p) => p.hmac(TPM_ALG_ID.SHA1, new Uint8Array(1), [1, 2] as never)],
  ["AES key as an array", (p) => p.aesCfb(true, Array(16).fill(0) as never, new Uint8Array(16), new Uint8Array(16))],
  ["AES-CFB of a string", (p) => p.aesCfb(true, new Uint8Array(16), new Uint8Array(16), "abc" as never)],
  [
    "AES-CFB IV as an array",
    (p) => p.aesCfb(false, new Uint8Array(16), Array(16).fill(0) as never, new Uint8Array(16)),
  ],
];

/**
 * Calls of the other members with an input of the wrong type (a key, point,
 * scheme or signature missing, octets as a string or an array): each must
 * reject with a TssError, never a TypeError from inside a library, and never
 * go on to compute with other octets. `undefined` for a member the Crypto
 * leaves out.
 */
const BAD_CONTRACT_CALLS: readonly (readonly [string, (c: Crypto) => Promise<unknown> | undefined])[] = [
  [
    "OAEP with no key",
    (c) => c.rsaOaepEncrypt(null as never, TPM_ALG_ID.SHA256, new Uint8Array(0), new Uint8Array(16)),
  ],
  [
    "OAEP of a string",
    (c) =>
      c.rsaOaepEncrypt(
        { n: new Uint8Array(256).fill(0xff), e: 3 },
        TPM_ALG_ID.SHA256,
        new Uint8Array(0),
        "abc" as never,
      ),
  ],
  [
    "OAEP with a string label",
    (c) =>
      c.rsaOaepEncrypt(
        { n: new Uint8Array(256).fill(0xff), e: 3 },
        TPM_ALG_ID.SHA256,
        "SECRET" as never,
        new Uint8Array(16),
      ),
  ],
  // An exponent the contract does not take: encrypting under it would send the TPM a salt for another key.
  [
    "OAEP with an even exponent",
    (c) =>
      c.rsaOaepEncrypt(
        { n: new Uint8Array(256).fill(0xff), e: 4 },
        TPM_ALG_ID.SHA256,
        new Uint8Array(0),
        new Uint8Array(16),
      ),
  ],
  [
    "OAEP with an exponent beyond UINT32",
    (c) =>
      c.rsaOaepEncrypt(
        { n: new Uint8Array(256).fill(0xff), e: 2 ** 40 + 1 },
        TPM_ALG_ID.SHA256,
        new Uint8Array(0),
        new Uint8Array(16),
      ),
  ],
  [
    "verifyRsa with a fractional exponent",
    (c) =>
      c.verifyRsa?.(
        { n: new Uint8Array(256).fill(0xff), e: 2.5 },
        { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 },
        new Uint8Array(32),
        new Uint8Array(256),
      ),
  ],
  ["ECDH with no peer", (c) => c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, null as never)],
  [
    "verifyRsa with no key",
    (c) =>
      c.verifyRsa?.(
        null as never,
        { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 },
        new Uint8Array(32),
        new Uint8Array(256),
      ),
  ],
  [
    "verifyRsa with a string modulus",
    (c) =>
      c.verifyRsa?.(
        { n: "ab" as never, e: 3 },
        { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 },
        new Uint8Array(32),
        new Uint8Array(2),
      ),
  ],
  [
    "verifyRsa of a string signature",
    (c) =>
      c.verifyRsa?.(
        { n: new Uint8Array(256).fill(0xff), e: 3 },
        { scheme: "RSAPSS", hashAlg: TPM_ALG_ID.SHA256 },
        new Uint8Array(32),
        "x".repeat(256) as never,
      ),
  ],
  [
    "verifyRsa with no scheme",
    (c) =>
      c.verifyRsa?.(
        { n: new Uint8Array(256).fill(0xff), e: 3 },
        null as never,
        new Uint8Array(32),
        new Uint8Array(256),
      ),
  ],
  [
    "verifyEcdsa with no key",
    (c) =>
      c.verifyEcdsa?.(TPM_ECC_CURVE.NIST_P256, null as never, new Uint8Array(32), {
        r: new Uint8Array(32),
        s: new Uint8Array(32),
      }),
  ],
  [
    "verifyEcdsa of a string digest",
    (c) =>
      c.verifyEcdsa?.(TPM_ECC_CURVE.NIST_P256, { x: new Uint8Array(32), y: new Uint8Array(32) }, "abc" as never, {
        r: new Uint8Array(32),
        s: new Uint8Array(32),
      }),
  ],
  [
    "verifyEcdsa with a string r",
    (c) =>
      c.verifyEcdsa?.(TPM_ECC_CURVE.NIST_P256, { x: new Uint8Array(32), y: new Uint8Array(32) }, new Uint8Array(32), {
        r: "ab" as never,
        s: new Uint8Array(32),
      }),
  ],
  [
    "AES-GCM with a string key",
    (c) => c.aesGcmEncrypt?.("k".repeat(16) as never, new Uint8Array(12), new Uint8Array(4)),
  ],
  ["AES-GCM opening a string", (c) => c.aesGcmDecrypt?.(new Uint8Array(16), new Uint8Array(12), "abc" as never)],
];

async function rejects(p: Promise<unknown>, what: string): Promise<void> {
  try {
    await p;
  } catch {
    return;
  }
  throw new Error(`${what}: expected a rejection`);
}

function primitiveCases(): ConformanceCase[] {
  const P = VECTORS.primitives;
  return [
    {
      name: "randomBytes: exact sizes (0 .. 200000) and no repeats",
      async run(c) {
        for (const n of [0, 1, 16, 65536, 65537, 200000]) {
          const b = c.randomBytes(n);
          check(b instanceof Uint8Array && b.length === n, `randomBytes(${n}) returned ${b?.length} bytes`);
        }
        const a = toHex(c.randomBytes(32));
        const b = toHex(c.randomBytes(32));
        check(a !== b, "two 32-byte draws are equal");
        const big = c.randomBytes(200000);
        check(toHex(big.subarray(150000, 150032)) !== "00".repeat(32), "randomBytes beyond 65536 bytes is zero");
      },
    },
    {
      name: "hash: SHA-1/256/384/512 known answers",
      async run(c) {
        for (const v of P.hash)
          expectBytes(
            `${HASH_NAMES[v.alg]}(${v.data.length / 2} bytes)`,
            await c.hash(v.alg, fromHex(v.data)),
            v.digest,
          );
      },
    },
    {
      name: "hmac: known answers, empty and long keys",
      async run(c) {
        for (const v of P.hmac) {
          expectBytes(
            `HMAC-${HASH_NAMES[v.alg]} key ${v.key.length / 2}`,
            await c.hmac(v.alg, fromHex(v.key), fromHex(v.data)),
            v.mac,
          );
        }
      },
    },
    {
      name: "aesCfb: AES-128/192/256 CFB encrypt and decrypt known answers, inputs untouched",
      async run(c) {
        for (const v of P.aesCfb) {
          const plain = fromHex(v.plain);
          const cipher = fromHex(v.cipher);
          const what = `AES-${v.key.length * 4}-CFB ${plain.length} bytes`;
          expectBytes(`${what} encrypt`, await c.aesCfb(true, fromHex(v.key), fromHex(v.iv), plain), v.cipher);
          expectBytes(`${what} decrypt`, await c.aesCfb(false, fromHex(v.key), fromHex(v.iv), cipher), v.plain);
          expectBytes(`${what} input untouched`, plain, v.plain);
          expectBytes(`${what} ciphertext input untouched`, cipher, v.cipher);
        }
      },
    },
    {
      name: "rsaOaepEncrypt: 2048/3072-bit, every hash, label SECRET\\0, decrypts with the kit's key",
      async run(c) {
        for (const k of VECTORS.keys.rsa) {
          for (const alg of [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384, TPM_ALG_ID.SHA512]) {
            const msg = c.randomBytes(20);
            const label = labelBytes("SECRET");
            const ct = await c.rsaOaepEncrypt({ n: fromHex(k.n), e: k.e }, alg, label, msg);
            const key = { n: fromHex(k.n), d: fromHex(k.d), p: fromHex(k.p), q: fromHex(k.q) };
            expectBytes(
              `OAEP ${k.n.length * 4}-bit ${HASH_NAMES[alg]}`,
              await rsaOaepDecrypt(c, key, alg, label, ct),
              msg,
            );
          }
        }
      },
    },
    {
      name: "ecdhEphemeral: P-256/P-384 ephemeral point on the curve, Z = x(d * ephemeral)",
      async run(c) {
        for (const k of VECTORS.keys.ecc) {
          const size = k.x.length / 2;
          const { z, ephemeral } = await c.ecdhEphemeral(k.curveID, { x: fromHex(k.x), y: fromHex(k.y) });
          check(z.length === size && ephemeral.x.length === size && ephemeral.y.length === size, "coordinate sizes");
          check(isOnCurve(k.curveID, ephemeral.x, ephemeral.y), "ephemeral point is not on the curve");
          expectBytes(`ECDH curve ${k.curveID} Z`, z, ecdhX(k.curveID, fromHex(k.d), ephemeral.x, ephemeral.y));
        }
        await rejects(
          c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, { x: new Uint8Array(32).fill(1), y: new Uint8Array(32).fill(2) }),
          "ECDH with a point off the curve",
        );
      },
    },
    {
      name: "sync facet: hash, hmac and aesCfb known answers at once (no promise), bad inputs thrown as TssError",
      requires: "sync",
      async run(c) {
        const sc = c.sync!;
        const now = (v: unknown, what: string): Uint8Array => {
          check(v instanceof Uint8Array, `${what}: answered at once with a Uint8Array`);
          return v as Uint8Array;
        };
        for (const v of P.hash) {
          expectBytes(`sync ${HASH_NAMES[v.alg]}`, now(sc.hash(v.alg, fromHex(v.data)), "sync hash"), v.digest);
        }
        for (const v of P.hmac) {
          const mac = now(sc.hmac(v.alg, fromHex(v.key), fromHex(v.data)), "sync hmac");
          expectBytes(`sync HMAC-${HASH_NAMES[v.alg]} key ${v.key.length / 2}`, mac, v.mac);
        }
        for (const v of P.aesCfb) {
          const plain = fromHex(v.plain);
          const cipher = fromHex(v.cipher);
          const what = `sync AES-${v.key.length * 4}-CFB ${plain.length} bytes`;
          expectBytes(`${what} encrypt`, now(sc.aesCfb(true, fromHex(v.key), fromHex(v.iv), plain), what), v.cipher);
          expectBytes(`${what} decrypt`, now(sc.aesCfb(false, fromHex(v.key), fromHex(v.iv), cipher), what), v.plain);
        }
        for (const [what, call] of BAD_PRIMITIVE_CALLS) throwsTyped(() => call(sc), `sync ${what}`);
      },
    },
    {
      name: "bad inputs are refused with a TssError (rejected promises, no crash)",
      async run(c) {
        const k = VECTORS.keys.rsa[0]!;
        const pub = { n: fromHex(k.n), e: k.e };
        const z = (n: number) => new Uint8Array(n);
        for (const [what, call] of BAD_PRIMITIVE_CALLS) await rejectsTyped(() => call(c) as Promise<unknown>, what);
        for (const [what, call] of BAD_CONTRACT_CALLS) {
          const p = call(c);
          if (p !== undefined) await rejectsTyped(() => p, what);
        }
        await rejectsTyped(
          () => c.rsaOaepEncrypt(pub, TPM_ALG_ID.SHA256, z(0), z(300)),
          "OAEP message longer than the key allows",
        );
        await rejectsTyped(
          () => c.rsaOaepEncrypt({ n: z(0), e: 65537 }, TPM_ALG_ID.SHA256, z(0), z(16)),
          "OAEP with an empty modulus",
        );
        await rejectsTyped(() => c.rsaOaepEncrypt(pub, 0x1234, z(0), z(16)), "OAEP with an unknown hash");
        await rejectsTyped(
          () => c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, { x: z(32).fill(1), y: z(32).fill(2) }),
          "ECDH off the curve",
        );
        await rejectsTyped(() => c.ecdhEphemeral(0x20, { x: z(32), y: z(32) }), "ECDH on an unknown curve");
        await rejectsTyped(
          () => c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, { x: z(33).fill(1), y: z(32) }),
          "ECDH with a 33-byte coordinate",
        );
        if (c.aesGcmDecrypt) await rejectsTyped(() => c.aesGcmDecrypt!(z(16), z(12), z(20)), "AES-GCM with a bad tag");
        if (c.aesGcmDecrypt)
          await rejectsTyped(() => c.aesGcmDecrypt!(z(16), z(12), z(3)), "AES-GCM shorter than its tag");
        if (c.verifyRsa) {
          check(
            !(await c.verifyRsa(pub, { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 }, z(32), z(5))),
            "short RSA signature verifies",
          );
        }
        if (c.verifyEcdsa) {
          const e = VECTORS.keys.ecc[0]!;
          const q = { x: fromHex(e.x), y: fromHex(e.y) };
          check(!(await c.verifyEcdsa(e.curveID, q, z(32), { r: z(0), s: z(0) })), "zero ECDSA signature verifies");
          check(
            !(await c.verifyEcdsa(e.curveID, { x: q.x, y: q.x }, z(32), { r: z(32).fill(1), s: z(32).fill(1) })),
            "ECDSA with a key off the curve",
          );
        }
      },
    },
    {
      name: "verifyRsa: RSASSA and RSAPSS signatures verify, altered ones do not",
      requires: "verifyRsa",
      async run(c) {
        for (const k of VECTORS.keys.rsa) {
          for (const s of k.signatures) {
            const pub = { n: fromHex(k.n), e: k.e };
            const scheme = { scheme: s.scheme, hashAlg: s.hashAlg };
            check(
              await c.verifyRsa!(pub, scheme, fromHex(s.digest), fromHex(s.signature)),
              `${s.scheme} ${HASH_NAMES[s.hashAlg]} valid`,
            );
            const bad = fromHex(s.digest);
            bad[0]! ^= 1;
            check(
              !(await c.verifyRsa!(pub, scheme, bad, fromHex(s.signature))),
              `${s.scheme} ${HASH_NAMES[s.hashAlg]} altered digest`,
            );
            const badSig = fromHex(s.signature);
            badSig[badSig.length - 1]! ^= 1;
            check(!(await c.verifyRsa!(pub, scheme, fromHex(s.digest), badSig)), `${s.scheme} altered signature`);
          }
        }
      },
    },
    {
      name: "verifyEcdsa: P-256/P-384 signatures verify, altered ones do not",
      requires: "verifyEcdsa",
      async run(c) {
        for (const k of VECTORS.keys.ecc) {
          const pub = { x: fromHex(k.x), y: fromHex(k.y) };
          for (const s of k.signatures) {
            const sig = { r: fromHex(s.r), s: fromHex(s.s) };
            check(await c.verifyEcdsa!(k.curveID, pub, fromHex(s.digest), sig), `ECDSA ${HASH_NAMES[s.hashAlg]} valid`);
            const bad = fromHex(s.digest);
            bad[3]! ^= 0x10;
            check(!(await c.verifyEcdsa!(k.curveID, pub, bad, sig)), `ECDSA ${HASH_NAMES[s.hashAlg]} altered digest`);
            const r2 = fromHex(s.r);
            r2[5]! ^= 1;
            check(!(await c.verifyEcdsa!(k.curveID, pub, fromHex(s.digest), { r: r2, s: sig.s })), "ECDSA altered r");
          }
        }
      },
    },
    {
      name: "aesGcm: known answers, round trip, a flipped bit is rejected",
      requires: "aesGcmEncrypt",
      async run(c) {
        check(c.aesGcmDecrypt !== undefined, "aesGcmDecrypt missing beside aesGcmEncrypt");
        for (const v of P.aesGcm) {
          const aad = v.aad === null ? undefined : fromHex(v.aad);
          expectBytes(
            "AES-GCM seal",
            await c.aesGcmEncrypt!(fromHex(v.key), fromHex(v.iv), fromHex(v.plain), aad),
            v.sealed,
          );
          expectBytes(
            "AES-GCM open",
            await c.aesGcmDecrypt!(fromHex(v.key), fromHex(v.iv), fromHex(v.sealed), aad),
            v.plain,
          );
          const bad = fromHex(v.sealed);
          bad[bad.length - 1]! ^= 0x80;
          await rejects(c.aesGcmDecrypt!(fromHex(v.key), fromHex(v.iv), bad, aad), "AES-GCM with a flipped tag bit");
        }
      },
    },
  ];
}

function sessionCases(): ConformanceCase[] {
  const K = VECTORS.kdf;
  const S = VECTORS.pieces;
  return [
    {
      name: "KDFa known answers (every hash, odd bit counts, empty keys)",
      async run(c) {
        for (const v of K.kdfA) {
          const out = await kdfA(c, v.alg, fromHex(v.key), v.label, fromHex(v.contextU), fromHex(v.contextV), v.bits);
          expectBytes(`KDFa ${HASH_NAMES[v.alg]} "${v.label}" ${v.bits} bits`, out, v.out);
        }
      },
    },
    {
      name: "KDFe known answers",
      async run(c) {
        for (const v of K.kdfE) {
          const out = await kdfE(c, v.alg, fromHex(v.z), v.label, fromHex(v.partyUInfo), fromHex(v.partyVInfo), v.bits);
          expectBytes(`KDFe ${HASH_NAMES[v.alg]} "${v.label}" ${v.bits} bits`, out, v.out);
        }
      },
    },
    {
      name: "XOR parameter-encryption mask known answers",
      async run(c) {
        for (const v of S.xorMask) {
          const m = await xorMask(
            c,
            v.alg,
            fromHex(v.sessionValue),
            fromHex(v.nonceNewer),
            fromHex(v.nonceOlder),
            v.bytes,
          );
          expectBytes(`XOR mask ${HASH_NAMES[v.alg]} ${v.bytes} bytes`, m, v.mask);
        }
      },
    },
    {
      name: "CFB parameter-encryption key and IV known answers",
      async run(c) {
        for (const v of S.cfbKeyIv) {
          const r = await cfbKeyIv(
            c,
            v.alg,
            fromHex(v.sessionValue),
            fromHex(v.nonceNewer),
            fromHex(v.nonceOlder),
            v.keyBits,
          );
          expectBytes(`CFB key ${v.keyBits}`, r.key, v.key);
          expectBytes(`CFB IV ${v.keyBits}`, r.iv, v.iv);
        }
      },
    },
    {
      name: "cpHash and rpHash known answers",
      async run(c) {
        for (const v of S.cpHash) {
          expectBytes(
            "cpHash",
            await cpHash(c, v.alg, v.commandCode, v.names.map(fromHex), fromHex(v.parameters)),
            v.digest,
          );
        }
        for (const v of S.rpHash) {
          expectBytes("rpHash", await rpHash(c, v.alg, v.responseCode, v.commandCode, fromHex(v.parameters)), v.digest);
        }
      },
    },
    {
      name: "command and response HMAC known answers",
      async run(c) {
        for (const v of S.commandHmac) {
          const h = await commandHmac(
            c,
            v.alg,
            fromHex(v.key),
            fromHex(v.cpHash),
            fromHex(v.nonceCaller),
            fromHex(v.nonceTPM),
            v.extraNonces.map(fromHex),
            v.attributes,
          );
          expectBytes(`command HMAC ${HASH_NAMES[v.alg]} +${v.extraNonces.length} nonces`, h, v.hmac);
        }
        for (const v of S.responseHmac) {
          const h = await responseHmac(
            c,
            v.alg,
            fromHex(v.key),
            fromHex(v.rpHash),
            fromHex(v.nonceTPM),
            fromHex(v.nonceCaller),
            v.attributes,
          );
          expectBytes(`response HMAC ${HASH_NAMES[v.alg]}`, h, v.hmac);
        }
      },
    },
    {
      name: "object Names and session keys (unbound, bound, salted, both) known answers",
      async run(c) {
        for (const v of S.objectName) expectBytes("Name", await objectName(c, v.alg, fromHex(v.publicArea)), v.name);
        for (const v of S.sessionKey) {
          const k = await sessionKey(
            c,
            v.alg,
            fromHex(v.nonceTPM),
            fromHex(v.nonceCaller),
            v.bound,
            fromHex(v.bindAuth),
            fromHex(v.salt),
          );
          expectBytes(`sessionKey bound=${v.bound} salted=${v.salt.length > 0}`, k, v.sessionKey);
        }
      },
    },
    {
      name: "RSA salt: OAEP under the tpmKey's nameAlg with SECRET\\0, decrypted with the kit's key",
      async run(c) {
        for (const k of VECTORS.keys.rsa) {
          for (const nameAlg of [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384]) {
            const { salt, encryptedSalt } = await makeSalt(c, { nameAlg, rsa: { n: fromHex(k.n), e: k.e } });
            const h = (await c.hash(nameAlg, new Uint8Array(0))).length;
            check(salt.length === h, "salt is the nameAlg digest size");
            check(encryptedSalt.length === k.n.length / 2, "encryptedSalt is the modulus size");
            const key = { n: fromHex(k.n), d: fromHex(k.d), p: fromHex(k.p), q: fromHex(k.q) };
            expectBytes(
              "decrypted salt",
              await rsaOaepDecrypt(c, key, nameAlg, labelBytes("SECRET"), encryptedSalt),
              salt,
            );
          }
        }
      },
    },
    {
      name: "ECC salt: KDFe(Z, SECRET, ephemeral.x, tpmKey.x) derived again with the kit's key",
      async run(c) {
        for (const k of VECTORS.keys.ecc) {
          for (const nameAlg of [TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384]) {
            const x = fromHex(k.x);
            const { salt, encryptedSalt } = await makeSalt(c, {
              nameAlg,
              ecc: { curveID: k.curveID, x, y: fromHex(k.y) },
            });
            const size = x.length;
            check(encryptedSalt.length === 4 + 2 * size, "encryptedSalt is a TPMS_ECC_POINT");
            check(encryptedSalt[0] === size >> 8 && encryptedSalt[1] === (size & 0xff), "TPMS_ECC_POINT x size");
            const ex = encryptedSalt.subarray(2, 2 + size);
            const ey = encryptedSalt.subarray(4 + size);
            check(isOnCurve(k.curveID, ex, ey), "ephemeral point on the curve");
            const z = ecdhX(k.curveID, fromHex(k.d), ex, ey);
            const h = (await c.hash(nameAlg, new Uint8Array(0))).length;
            expectBytes("ECC salt", salt, await kdfE(c, nameAlg, z, "SECRET", ex, x, h * 8));
          }
        }
      },
    },
    ...VECTORS.flows.map(
      (flow): ConformanceCase => ({
        name: `session flow: ${flow.name}`,
        run: (c) => runFlow(c, flow),
      }),
    ),
    // The same flows with every crypto result a promise: runSteps's asynchronous path
    // (the one WebCrypto takes) for a plugin whose sync facet the flows above used.
    ...VECTORS.flows.map(
      (flow): ConformanceCase => ({
        name: `session flow, promises only: ${flow.name}`,
        requires: "sync",
        run: (c) => runFlow(promisesOnly(c), flow),
      }),
    ),
  ];
}

/** `crypto` without its synchronous facet: session work on it awaits every step. */
function promisesOnly(crypto: Crypto): Crypto {
  const { sync: _sync, ...promised } = crypto;
  return promised;
}

/**
 * Every conformance case: primitives, P-521 ECDSA and RSA-PSS salt lengths,
 * the optional SubjectPublicKeyInfo conversions, then every session
 * computation on top of them.
 */
export function cryptoConformanceCases(): ConformanceCase[] {
  return [...primitiveCases(), ...signatureConformanceCases(), ...spkiConformanceCases(), ...sessionCases()];
}
