/**
 * Conformance cases for the Crypto contract's optional exportSpki/importSpki:
 * DER SubjectPublicKeyInfo known answers from spki-vectors.ts (Python
 * `cryptography` and openssl), and the inputs both directions must refuse, each
 * with its TssError code.
 */
import type { Crypto, NeutralPublicKey } from "@tss/marshal";
import { TPM_ECC_CURVE } from "@tss/marshal";
import { check, expectBytes, fromHex, toHex } from "./hex.js";
import { SPKI_VECTORS } from "./spki-vectors.js";
import type { NeutralKeyVector } from "./vector-types.js";

/** A conformance case on exportSpki/importSpki (the shape of cases.ts's ConformanceCase). */
interface SpkiCase {
  readonly name: string;
  readonly requires: "exportSpki" | "importSpki";
  run(crypto: Crypto): Promise<void>;
}

/** A neutral key from its hex vector. */
export function neutralKeyFromVector(v: NeutralKeyVector): NeutralPublicKey {
  if ("rsa" in v) return { rsa: { n: fromHex(v.rsa.n), e: v.rsa.e } };
  return { ecc: { curveID: v.ecc.curveID, x: fromHex(v.ecc.x), y: fromHex(v.ecc.y) } };
}

/** The hex vector form of a neutral key (for comparisons and messages). */
export function neutralKeyToVector(k: NeutralPublicKey): NeutralKeyVector {
  if ("rsa" in k) return { rsa: { n: toHex(k.rsa.n), e: k.rsa.e } };
  return { ecc: { curveID: k.ecc.curveID, x: toHex(k.ecc.x), y: toHex(k.ecc.y) } };
}

/** Expects a rejection with a TssError of `code` (by name, so a second copy of @tss/marshal still counts). */
async function rejectsWith(code: string, f: () => Promise<unknown>, what: string): Promise<void> {
  let result: unknown;
  try {
    result = await f();
  } catch (e) {
    const err = e as { name?: string; code?: string };
    if (err?.name === "TssError" && err.code === code) return;
    throw new Error(`${what}: expected TssError ${code}, got ${String(e)} (${err?.code ?? "no code"})`);
  }
  throw new Error(
    `${what}: expected TssError ${code}, got a result ${JSON.stringify(result && neutralOrBytes(result))}`,
  );
}

function neutralOrBytes(r: unknown): unknown {
  return r instanceof Uint8Array ? toHex(r) : neutralKeyToVector(r as NeutralPublicKey);
}

/** Drops leading zero octets (a coordinate or modulus given shorter than usual). */
function stripped(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** The exportSpki/importSpki cases (each `requires` the member it tests). */
export function spkiConformanceCases(): SpkiCase[] {
  const { good, refused } = SPKI_VECTORS;
  const rsa2048 = neutralKeyFromVector(good.find((v) => v.name.startsWith("RSA 2048-bit, e = 65537"))!.key) as {
    rsa: { n: Uint8Array; e: number };
  };
  const p256 = neutralKeyFromVector(good.find((v) => v.name === "P-256")!.key) as {
    ecc: { curveID: number; x: Uint8Array; y: Uint8Array };
  };
  return [
    {
      name: "exportSpki: DER known answers (RSA 1024 to 16384 bits, e 3 to 0xffffffff; P-256, P-384, P-521)",
      requires: "exportSpki",
      async run(c) {
        for (const v of good)
          expectBytes(`exportSpki ${v.name}`, await c.exportSpki!(neutralKeyFromVector(v.key)), v.der);
      },
    },
    {
      name: "exportSpki: e = 0 means 65537, leading zero octets and short coordinates give the same DER",
      requires: "exportSpki",
      async run(c) {
        for (const v of good) {
          const k = neutralKeyFromVector(v.key);
          if ("rsa" in k) {
            const n0 = new Uint8Array(k.rsa.n.length + 2);
            n0.set(k.rsa.n, 2);
            expectBytes(`${v.name} with 00 00 before n`, await c.exportSpki!({ rsa: { n: n0, e: k.rsa.e } }), v.der);
            if (k.rsa.e === 65537)
              expectBytes(`${v.name} with e = 0`, await c.exportSpki!({ rsa: { n: k.rsa.n, e: 0 } }), v.der);
          } else {
            const { curveID, x, y } = k.ecc;
            expectBytes(
              `${v.name} coordinates without leading zeros`,
              await c.exportSpki!({ ecc: { curveID, x: stripped(x), y: stripped(y) } }),
              v.der,
            );
          }
        }
      },
    },
    {
      name: "importSpki: DER known answers give the neutral key (n without leading zeros, coordinates of the curve's size), in octets of its own",
      requires: "importSpki",
      async run(c) {
        for (const v of good) {
          const der = fromHex(v.der);
          const k = await c.importSpki!(der);
          // The key must not change with the caller's buffer afterwards.
          der.fill(0);
          const got = JSON.stringify(neutralKeyToVector(k));
          const want = JSON.stringify(v.key);
          check(got === want, `importSpki ${v.name}: expected ${want}, got ${got}`);
          if ("rsa" in k) check(k.rsa.n instanceof Uint8Array, "n is a Uint8Array");
          else check(k.ecc.x instanceof Uint8Array && k.ecc.y instanceof Uint8Array, "x and y are Uint8Arrays");
        }
      },
    },
    {
      name: "importSpki: other algorithms, curves and forms are UNSUPPORTED; damaged or non-DER input is BAD_PARAMETER",
      requires: "importSpki",
      async run(c) {
        for (const v of refused) await rejectsWith(v.code, () => c.importSpki!(fromHex(v.der)), `importSpki ${v.name}`);
        await rejectsWith("BAD_PARAMETER", () => c.importSpki!(null as unknown as Uint8Array), "importSpki(null)");
      },
    },
    {
      name: "exportSpki: bad keys are refused with a TssError (BAD_PARAMETER or UNSUPPORTED)",
      requires: "exportSpki",
      async run(c) {
        const { n } = rsa2048.rsa;
        const { x, y } = p256.ecc;
        const P256 = TPM_ECC_CURVE.NIST_P256;
        const long = (b: Uint8Array) => Uint8Array.of(1, ...b);
        const cases: [string, string, unknown][] = [
          ["BAD_PARAMETER", "empty modulus", { rsa: { n: new Uint8Array(0), e: 65537 } }],
          ["BAD_PARAMETER", "all-zero modulus", { rsa: { n: new Uint8Array(256), e: 65537 } }],
          ["UNSUPPORTED", "1016-bit modulus", { rsa: { n: n.subarray(0, 127), e: 65537 } }],
          ["UNSUPPORTED", "16392-bit modulus", { rsa: { n: new Uint8Array(2049).fill(0xff), e: 65537 } }],
          ["BAD_PARAMETER", "even exponent", { rsa: { n, e: 65536 } }],
          ["BAD_PARAMETER", "exponent 1", { rsa: { n, e: 1 } }],
          ["BAD_PARAMETER", "negative exponent", { rsa: { n, e: -3 } }],
          ["BAD_PARAMETER", "fractional exponent", { rsa: { n, e: 3.5 } }],
          ["BAD_PARAMETER", "exponent 2^32 + 1", { rsa: { n, e: 2 ** 32 + 1 } }],
          ["BAD_PARAMETER", "modulus that is not a Uint8Array", { rsa: { n: [1, 2, 3], e: 65537 } }],
          ["UNSUPPORTED", "BN P-256 curve", { ecc: { curveID: TPM_ECC_CURVE.BN_P256, x, y } }],
          ["UNSUPPORTED", "NIST P-192 curve", { ecc: { curveID: TPM_ECC_CURVE.NIST_P192, x, y } }],
          ["BAD_PARAMETER", "33-octet x on P-256", { ecc: { curveID: P256, x: long(x), y } }],
          ["BAD_PARAMETER", "33-octet y on P-256", { ecc: { curveID: P256, x, y: long(y) } }],
          ["BAD_PARAMETER", "point off the curve", { ecc: { curveID: P256, x, y: x } }],
          [
            "BAD_PARAMETER",
            "point at x = y = 0",
            { ecc: { curveID: P256, x: new Uint8Array(32), y: new Uint8Array(32) } },
          ],
          ["BAD_PARAMETER", "empty key object", {}],
          ["BAD_PARAMETER", "null", null],
        ];
        for (const [code, what, key] of cases)
          await rejectsWith(code, () => c.exportSpki!(key as NeutralPublicKey), `exportSpki ${what}`);
      },
    },
    {
      name: "importSpki(exportSpki(key)) gives the key back; exportSpki(importSpki(der)) gives the DER back",
      requires: "importSpki",
      async run(c) {
        check(c.exportSpki !== undefined, "importSpki without exportSpki");
        for (const v of good) {
          const der = await c.exportSpki!(await c.importSpki!(fromHex(v.der)));
          expectBytes(`round trip ${v.name}`, der, v.der);
        }
      },
    },
  ];
}
