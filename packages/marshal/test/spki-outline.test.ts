// plugin-support's SubjectPublicKeyInfo outline, which every crypto plugin's
// importSpki reads first: the numbers of keys node:crypto (OpenSSL) encoded,
// and each refusal with its TssError code.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { TPM_ECC_CURVE } from "@tss/marshal";
import {
  checkedRsaPublicKey,
  checkSpkiIsDer,
  readSpkiOutline,
  SPKI_CURVE_OIDS,
  stripLeadingZeros,
} from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const spki = (k: KeyObject) => new Uint8Array(k.export({ type: "spki", format: "der" }));
const b64u = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64url"));

/** A DER element of `tag` holding `content` (short or long length form). */
function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag, ...length), body]));
}
const oid = (bytes: number[]) => der(0x06, Uint8Array.from(bytes));
// 1.2.840.10045.2.1 and 1.2.840.10045.3.1.7
const EC_PUBLIC_KEY = oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);
const P256 = oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
/** An id-ecPublicKey SubjectPublicKeyInfo on P-256 with `point` as the subjectPublicKey. */
const p256Spki = (point: Uint8Array) => der(0x30, der(0x30, EC_PUBLIC_KEY, P256), der(0x03, Uint8Array.of(0), point));

/** The TssError code `f` throws. */
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { name?: string; code?: string }).name === "TssError" ? (e as { code: string }).code : String(e);
  }
  return undefined;
}

describe("plugin-support readSpkiOutline", () => {
  it("gives node:crypto's RSA modulus and exponent", () => {
    for (const [bits, e] of [
      [1024, 3],
      [2048, 65537],
      [2056, 0x10001],
    ] as const) {
      const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: e });
      const jwk = publicKey.export({ format: "jwk" });
      expect(readSpkiOutline(spki(publicKey))).toEqual({ rsa: { n: b64u(jwk.n), e } });
    }
  });

  it("gives node:crypto's ECC point on each NIST curve, uncompressed", () => {
    for (const [curveID, name, size] of [
      [TPM_ECC_CURVE.NIST_P256, "P-256", 32],
      [TPM_ECC_CURVE.NIST_P384, "P-384", 48],
      [TPM_ECC_CURVE.NIST_P521, "P-521", 66],
    ] as const) {
      const { publicKey } = generateKeyPairSync("ec", { namedCurve: name });
      const jwk = publicKey.export({ format: "jwk" });
      const point = new Uint8Array(Buffer.concat([Uint8Array.of(4), b64u(jwk.x), b64u(jwk.y)]));
      expect(readSpkiOutline(spki(publicKey))).toEqual({ ecc: { curveID, size, point } });
      expect(SPKI_CURVE_OIDS.has(curveID)).toBe(true);
    }
  });

  it("gives octets of its own: changing the input afterwards changes no key", () => {
    const rsaDer = spki(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey);
    const eccDer = spki(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey);
    const rsa = readSpkiOutline(rsaDer) as { rsa: { n: Uint8Array } };
    const ecc = readSpkiOutline(eccDer) as { ecc: { point: Uint8Array } };
    const [n, point] = [rsa.rsa.n.slice(), ecc.ecc.point.slice()];
    rsaDer.fill(0);
    eccDer.fill(0);
    expect(rsa.rsa.n).toEqual(n);
    expect(ecc.ecc.point).toEqual(point);
  });

  it("refuses what the contract leaves out with UNSUPPORTED", () => {
    // The outline of a point off the curve is whole: the curve is each plugin's library's to check.
    expect(codeOf(() => readSpkiOutline(p256Spki(new Uint8Array(65).fill(4))))).toBeUndefined();
    const cases: [string, Uint8Array][] = [
      ["Ed25519", spki(generateKeyPairSync("ed25519").publicKey)],
      ["secp256k1", spki(generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey)],
      ["RSA-PSS", spki(generateKeyPairSync("rsa-pss", { modulusLength: 1024 }).publicKey)],
      ["RSA 768-bit", spki(generateKeyPairSync("rsa", { modulusLength: 768 }).publicKey)],
      ["a compressed point", p256Spki(Uint8Array.of(2, ...new Uint8Array(32).fill(1)))],
    ];
    for (const [what, bytes] of cases)
      expect(
        codeOf(() => readSpkiOutline(bytes)),
        what,
      ).toBe("UNSUPPORTED");
  });

  it("refuses damaged input with BAD_PARAMETER", () => {
    const good = spki(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey);
    const cases: [string, unknown][] = [
      ["a trailing octet", Uint8Array.of(...good, 0)],
      ["a cut", good.subarray(0, good.length - 1)],
      ["a point one octet short", p256Spki(new Uint8Array(64).fill(4))],
      ["a point of another form", p256Spki(Uint8Array.of(5, ...new Uint8Array(64)))],
      ["nothing", new Uint8Array(0)],
      ["a string", "30 59"],
      ["an array of numbers", [...good]],
    ];
    for (const [what, bytes] of cases) {
      expect(
        codeOf(() => readSpkiOutline(bytes as Uint8Array)),
        what,
      ).toBe("BAD_PARAMETER");
    }
  });
});

describe("plugin-support checkedRsaPublicKey and checkSpkiIsDer", () => {
  it("reads e = 0 as 65537, strips the modulus' leading zero octets and checks its size", () => {
    const n = Uint8Array.of(0, 0, 0x80, ...new Uint8Array(255).fill(7));
    expect(checkedRsaPublicKey({ n, e: 0 })).toEqual({ n: stripLeadingZeros(n), e: 65537 });
    expect(stripLeadingZeros(n).length).toBe(256);
    expect(codeOf(() => checkedRsaPublicKey({ n: new Uint8Array(127).fill(0xff), e: 3 }))).toBe("UNSUPPORTED");
    expect(codeOf(() => checkedRsaPublicKey({ n, e: 4 }))).toBe("BAD_PARAMETER");
    expect(codeOf(() => checkedRsaPublicKey({ n: new Uint8Array(4), e: 3 }))).toBe("BAD_PARAMETER");
  });

  it("passes the same octets and refuses any other", () => {
    const a = Uint8Array.of(0x30, 3, 1, 2, 3);
    expect(codeOf(() => checkSpkiIsDer(a, Uint8Array.from(a)))).toBeUndefined();
    expect(codeOf(() => checkSpkiIsDer(a, Uint8Array.of(0x30, 3, 1, 2, 4)))).toBe("BAD_PARAMETER");
    expect(codeOf(() => checkSpkiIsDer(a, a.subarray(0, 4)))).toBe("BAD_PARAMETER");
  });
});
