// Public keys between TPMT_PUBLIC, neutral form, SubjectPublicKeyInfo and PEM.
// Known answers are independent: tpm2-pytss (TPMT_PUBLIC.from_pem / to_pem, on
// Python `cryptography`) marshals the public areas and writes the PEM; node:crypto
// (OpenSSL) generates the keys and stands in for a crypto plugin's
// exportSpki/importSpki, so the engine is tested apart from our plugins.
import { execFileSync } from "node:child_process";
import * as nc from "node:crypto";
import type { Crypto, NeutralPublicKey } from "@tss/marshal";
import { ByteReader, ByteWriter, TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT, TPMT_PUBLIC } from "@tss/marshal";
import {
  EXTERNAL_KEY_ATTRIBUTES,
  type PublicArea,
  pemToSpki,
  pemToTpmPublic,
  publicKeyFromTpmPublic,
  spkiToPem,
  spkiToTpmPublic,
  tpmPublicFromPublicKey,
  tpmPublicToPem,
  tpmPublicToSpki,
} from "@tss/session";
import { fromHex, neutralKeyFromVector, SPKI_VECTORS, spkiConformanceCases, toHex } from "@tss/session/testkit";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

const A = TPM_ALG_ID;
const C = TPM_ECC_CURVE;
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const unb64u = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64url"));
const CURVE_NAMES: Record<number, string> = { [C.NIST_P256]: "P-256", [C.NIST_P384]: "P-384", [C.NIST_P521]: "P-521" };

function intBytes(v: number): Uint8Array {
  const out: number[] = [];
  for (let x = v; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
  return Uint8Array.from(out);
}

/** The neutral key of a node:crypto public key (from its JWK). */
function neutralOf(pub: nc.KeyObject, curveID?: number): NeutralPublicKey {
  const jwk = pub.export({ format: "jwk" });
  if (jwk.kty === "RSA") return { rsa: { n: unb64u(jwk.n), e: unb64u(jwk.e).reduce((v, x) => v * 256 + x, 0) } };
  return { ecc: { curveID: curveID!, x: unb64u(jwk.x), y: unb64u(jwk.y) } };
}

/** node:crypto as a plugin's exportSpki/importSpki (OpenSSL, not our code). */
const opensslSpki: Crypto = {
  ...nodeCrypto,
  async exportSpki(key) {
    const jwk: nc.JsonWebKey =
      "rsa" in key
        ? { kty: "RSA", n: b64u(key.rsa.n), e: b64u(intBytes(key.rsa.e || 65537)) }
        : { kty: "EC", crv: CURVE_NAMES[key.ecc.curveID], x: b64u(key.ecc.x), y: b64u(key.ecc.y) };
    return new Uint8Array(nc.createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" }));
  },
  async importSpki(der) {
    const k = nc.createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
    const crv = k.asymmetricKeyDetails?.namedCurve;
    const curveID = { prime256v1: C.NIST_P256, secp384r1: C.NIST_P384, secp521r1: C.NIST_P521 }[crv ?? ""];
    return neutralOf(k, curveID);
  },
};

function marshalPublic(p: PublicArea): string {
  const w = new ByteWriter(1200);
  TPMT_PUBLIC.write(w, p, "TPMT_PUBLIC");
  return toHex(w.finish());
}

/** tpm2-pytss: TPMT_PUBLIC.from_pem(...).marshal() for each request, and to_pem() of marshalled public areas. */
function pytss(fromPem: object[], toPem: string[]): { fromPem: string[]; toPem: string[] } {
  const script = `
import json, sys
from tpm2_pytss.types import TPMT_PUBLIC, TPMT_ASYM_SCHEME
req = json.load(sys.stdin)
out = {"fromPem": [], "toPem": []}
for r in req["fromPem"]:
    scheme = None
    if r["scheme"] is not None:
        scheme = TPMT_ASYM_SCHEME(scheme=r["scheme"][0])
        scheme.details.anySig.hashAlg = r["scheme"][1]
    p = TPMT_PUBLIC.from_pem(r["pem"].encode(), nameAlg=r["nameAlg"], objectAttributes=r["attributes"], scheme=scheme)
    out["fromPem"].append(p.marshal().hex())
for h in req["toPem"]:
    p, _ = TPMT_PUBLIC.unmarshal(bytes.fromhex(h))
    out["toPem"].append(p.to_pem().decode())
print(json.dumps(out))
`;
  return JSON.parse(
    execFileSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify({ fromPem, toPem }), encoding: "utf8" }),
  );
}

/** A P-256/P-384/P-521 key whose coordinates have no leading zero octet (tpm2-pytss does not pad them). */
function ecKeyWithoutLeadingZeros(name: string): nc.KeyObject {
  for (;;) {
    const { publicKey } = nc.generateKeyPairSync("ec", { namedCurve: name });
    const j = publicKey.export({ format: "jwk" });
    if (unb64u(j.x)[0] !== 0 && unb64u(j.y)[0] !== 0) return publicKey;
  }
}

describe("TPMT_PUBLIC from a public key: known answers from tpm2-pytss", () => {
  const keys: { what: string; pub: nc.KeyObject; curveID?: number }[] = [
    { what: "RSA 2048 e=65537", pub: nc.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey },
    { what: "RSA 2048 e=3", pub: nc.generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 3 }).publicKey },
    { what: "RSA 1024", pub: nc.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey },
    { what: "RSA 3072", pub: nc.generateKeyPairSync("rsa", { modulusLength: 3072 }).publicKey },
    ...[C.NIST_P256, C.NIST_P384, C.NIST_P521].map((curveID) => ({
      what: CURVE_NAMES[curveID]!,
      pub: ecKeyWithoutLeadingZeros(CURVE_NAMES[curveID]!),
      curveID,
    })),
  ];
  const pemOf = (k: nc.KeyObject) => k.export({ type: "spki", format: "pem" }) as string;

  it("default template (SHA-256, sign|decrypt|userWithAuth, NULL schemes) and a signing template, byte for byte", async () => {
    const requests: object[] = [];
    const ours: string[] = [];
    for (const { pub, curveID } of keys) {
      const key = neutralOf(pub, curveID);
      requests.push({ pem: pemOf(pub), nameAlg: A.SHA256, attributes: EXTERNAL_KEY_ATTRIBUTES, scheme: null });
      ours.push(marshalPublic(tpmPublicFromPublicKey(key)));
      const rsa = "rsa" in key;
      const scheme = rsa ? [A.RSASSA, A.SHA256] : [A.ECDSA, A.SHA384];
      const attributes = TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA;
      requests.push({ pem: pemOf(pub), nameAlg: A.SHA384, attributes, scheme });
      const detail = {
        scheme: {
          scheme: scheme[0]!,
          details: rsa ? { rsassa: { hashAlg: scheme[1]! } } : { ecdsa: { hashAlg: scheme[1]! } },
        },
      };
      const template = {
        nameAlg: A.SHA384,
        objectAttributes: attributes,
        parameters: rsa ? { rsaDetail: detail } : { eccDetail: detail },
      } as unknown as Parameters<typeof tpmPublicFromPublicKey>[1];
      ours.push(marshalPublic(tpmPublicFromPublicKey(key, template)));
    }
    const theirs = pytss(requests, []).fromPem;
    expect(ours).toEqual(theirs);
  });

  it("publicKeyFromTpmPublic reads the tpm2-pytss public areas back to node's numbers; to_pem agrees with tpmPublicToPem", async () => {
    const publics = keys.map(
      ({ pub }) =>
        pytss([{ pem: pemOf(pub), nameAlg: A.SHA256, attributes: EXTERNAL_KEY_ATTRIBUTES, scheme: null }], [])
          .fromPem[0]!,
    );
    const pems = pytss([], publics).toPem;
    for (const [i, { what, pub, curveID }] of keys.entries()) {
      const area = TPMT_PUBLIC.read(new ByteReader(fromHex(publics[i]!)), "p") as PublicArea;
      expect(publicKeyFromTpmPublic(area), what).toEqual(neutralOf(pub, curveID));
      expect(await tpmPublicToPem(opensslSpki, area), what).toBe(pems[i]);
      expect(await tpmPublicToPem(opensslSpki, area), what).toBe(pemOf(pub));
    }
  });
});

describe("publicKeyFromTpmPublic / tpmPublicFromPublicKey", () => {
  const rsa = neutralOf(nc.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey) as {
    rsa: { n: Uint8Array; e: number };
  };
  const ecc = neutralOf(nc.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey, C.NIST_P256) as {
    ecc: { curveID: number; x: Uint8Array; y: Uint8Array };
  };

  it("RSA: exponent 65537 is written as 0 and read back as 65537; other exponents stay", () => {
    const p = tpmPublicFromPublicKey(rsa);
    expect(p).toMatchObject({ type: A.RSA, nameAlg: A.SHA256, objectAttributes: EXTERNAL_KEY_ATTRIBUTES });
    expect((p.parameters as { rsaDetail: { exponent: number; keyBits: number } }).rsaDetail).toMatchObject({
      exponent: 0,
      keyBits: 2048,
    });
    expect(publicKeyFromTpmPublic(p)).toEqual(rsa);
    const p3 = tpmPublicFromPublicKey({ rsa: { n: rsa.rsa.n, e: 3 } });
    expect((p3.parameters as { rsaDetail: { exponent: number } }).rsaDetail.exponent).toBe(3);
    expect(publicKeyFromTpmPublic(p3)).toEqual({ rsa: { n: rsa.rsa.n, e: 3 } });
    expect(publicKeyFromTpmPublic(tpmPublicFromPublicKey({ rsa: { n: rsa.rsa.n, e: 0 } }))).toEqual(rsa);
  });

  it("RSA: leading zero octets of n are dropped; ECC: short coordinates are padded to the curve size", () => {
    const n0 = Uint8Array.of(0, 0, ...rsa.rsa.n);
    expect(tpmPublicFromPublicKey({ rsa: { n: n0, e: 65537 } })).toEqual(tpmPublicFromPublicKey(rsa));
    const short = { ecc: { curveID: C.NIST_P256, x: ecc.ecc.x.slice(), y: Uint8Array.of(7) } };
    const p = tpmPublicFromPublicKey(short);
    const u = (p.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
    expect(u.y.length).toBe(32);
    expect(toHex(u.y)).toBe(`${"00".repeat(31)}07`);
    expect(publicKeyFromTpmPublic({ ...p, unique: { ecc: { x: u.x, y: Uint8Array.of(7) } } } as PublicArea)).toEqual(
      publicKeyFromTpmPublic(p),
    );
  });

  it("the template's nameAlg, attributes, authPolicy, symmetric, scheme and kdf are used; keyBits, curve and unique come from the key", () => {
    const authPolicy = new Uint8Array(32).fill(9);
    const template = {
      type: A.ECC,
      nameAlg: A.SHA384,
      objectAttributes: TPMA_OBJECT.sign,
      authPolicy,
      parameters: {
        eccDetail: {
          symmetric: { algorithm: A.NULL, keyBits: {}, mode: {} },
          scheme: { scheme: A.ECDSA, details: { ecdsa: { hashAlg: A.SHA256 } } },
          curveID: C.NIST_P384,
          kdf: { scheme: A.KDF1_SP800_56A, details: { kdf1_sp800_56a: { hashAlg: A.SHA256 } } },
        },
      },
      unique: { ecc: { x: new Uint8Array(0), y: new Uint8Array(0) } },
    } as unknown as PublicArea;
    const p = tpmPublicFromPublicKey(ecc, template);
    expect(p).toMatchObject({ type: A.ECC, nameAlg: A.SHA384, objectAttributes: TPMA_OBJECT.sign, authPolicy });
    expect(p.parameters).toEqual({
      eccDetail: { ...(template.parameters as { eccDetail: object }).eccDetail, curveID: C.NIST_P256 },
    });
    expect(p.unique).toEqual({ ecc: { x: ecc.ecc.x, y: ecc.ecc.y } });
  });

  it("refuses what it cannot convert with a TssError of a stable code", () => {
    const rsaArea = tpmPublicFromPublicKey(rsa);
    const eccArea = tpmPublicFromPublicKey(ecc);
    // Narrowed on `type`, so that a changed `unique` keeps its area's member.
    if (rsaArea.type !== A.RSA || eccArea.type !== A.ECC) throw new Error("unexpected public area types");
    const cases: [string, () => unknown, string][] = [
      [
        "KEYEDHASH object",
        () =>
          publicKeyFromTpmPublic({
            ...rsaArea,
            type: A.KEYEDHASH,
            parameters: { keyedHashDetail: { scheme: { scheme: A.NULL, details: {} } } },
            unique: { keyedHash: new Uint8Array(32) },
          } as PublicArea),
        "UNSUPPORTED",
      ],
      [
        "SYMCIPHER object",
        () => publicKeyFromTpmPublic({ ...rsaArea, type: A.SYMCIPHER } as unknown as PublicArea),
        "UNSUPPORTED",
      ],
      [
        "BN P-256 curve",
        () =>
          publicKeyFromTpmPublic({
            ...eccArea,
            parameters: {
              eccDetail: { ...(eccArea.parameters as { eccDetail: object }).eccDetail, curveID: C.BN_P256 },
            },
          } as PublicArea),
        "UNSUPPORTED",
      ],
      [
        "RSA template (empty unique)",
        () => publicKeyFromTpmPublic({ ...rsaArea, unique: { rsa: new Uint8Array(0) } }),
        "BAD_PARAMETER",
      ],
      [
        "ECC template (empty unique)",
        () => publicKeyFromTpmPublic({ ...eccArea, unique: { ecc: { x: new Uint8Array(0), y: new Uint8Array(0) } } }),
        "BAD_PARAMETER",
      ],
      [
        "n shorter than keyBits",
        () => publicKeyFromTpmPublic({ ...rsaArea, unique: { rsa: rsa.rsa.n.subarray(1) } }),
        "BAD_PARAMETER",
      ],
      [
        "even exponent in the area",
        () =>
          publicKeyFromTpmPublic({
            ...rsaArea,
            parameters: { rsaDetail: { ...(rsaArea.parameters as { rsaDetail: object }).rsaDetail, exponent: 4 } },
          } as PublicArea),
        "BAD_PARAMETER",
      ],
      [
        "33-octet x on P-256",
        () =>
          publicKeyFromTpmPublic({ ...eccArea, unique: { ecc: { x: Uint8Array.of(1, ...ecc.ecc.x), y: ecc.ecc.y } } }),
        "BAD_PARAMETER",
      ],
      [
        "a TPM2B_PUBLIC instead of a TPMT_PUBLIC",
        () => publicKeyFromTpmPublic({ publicArea: rsaArea } as unknown as PublicArea),
        "BAD_PARAMETER",
      ],
      ["null", () => publicKeyFromTpmPublic(null as unknown as PublicArea), "BAD_PARAMETER"],
      [
        "1016-bit modulus",
        () => tpmPublicFromPublicKey({ rsa: { n: rsa.rsa.n.subarray(0, 127), e: 65537 } }),
        "UNSUPPORTED",
      ],
      [
        "2056-bit modulus (not a TPMI_RSA_KEY_BITS)",
        () => tpmPublicFromPublicKey({ rsa: { n: Uint8Array.of(0xc1, ...rsa.rsa.n), e: 65537 } }),
        "UNSUPPORTED",
      ],
      ["empty modulus", () => tpmPublicFromPublicKey({ rsa: { n: new Uint8Array(0), e: 65537 } }), "BAD_PARAMETER"],
      ["exponent 2", () => tpmPublicFromPublicKey({ rsa: { n: rsa.rsa.n, e: 2 } }), "BAD_PARAMETER"],
      ["exponent 2^32 + 1", () => tpmPublicFromPublicKey({ rsa: { n: rsa.rsa.n, e: 2 ** 32 + 1 } }), "BAD_PARAMETER"],
      ["NIST P-192", () => tpmPublicFromPublicKey({ ecc: { ...ecc.ecc, curveID: C.NIST_P192 } }), "UNSUPPORTED"],
      ["RSA key, ECC template type", () => tpmPublicFromPublicKey(rsa, { type: A.ECC }), "BAD_PARAMETER"],
      [
        "RSA key, eccDetail template",
        () => tpmPublicFromPublicKey(rsa, { parameters: eccArea.parameters }),
        "BAD_PARAMETER",
      ],
      [
        "ECC key, rsaDetail template",
        () => tpmPublicFromPublicKey(ecc, { parameters: rsaArea.parameters }),
        "BAD_PARAMETER",
      ],
      ["neither rsa nor ecc", () => tpmPublicFromPublicKey({} as NeutralPublicKey), "BAD_PARAMETER"],
      [
        "a modulus that is not bytes",
        () => tpmPublicFromPublicKey({ rsa: { n: [1, 2] as unknown as Uint8Array, e: 3 } }),
        "BAD_PARAMETER",
      ],
    ];
    for (const [what, f, code] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, what).toMatchObject({ name: "TssError", code });
    }
  });

  it("every public area it makes marshals, and the TPMT_PUBLIC codec reads it back equal", async () => {
    for (const p of [tpmPublicFromPublicKey(rsa), tpmPublicFromPublicKey(ecc)]) {
      const back = TPMT_PUBLIC.read(new ByteReader(fromHex(marshalPublic(p))), "p");
      expect(back).toEqual(p);
    }
  });
});

describe("tpmPublicToSpki / spkiToTpmPublic through a plugin's exportSpki/importSpki", () => {
  it("give node:crypto's SPKI of the key, and the key back from it", async () => {
    const pairs: [nc.KeyObject, number | undefined][] = [
      [nc.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey, undefined],
      [nc.generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey, C.NIST_P384],
    ];
    for (const [publicKey, curveID] of pairs) {
      const der = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
      const area = tpmPublicFromPublicKey(neutralOf(publicKey, curveID));
      expect(await tpmPublicToSpki(opensslSpki, area)).toEqual(der);
      expect(await spkiToTpmPublic(opensslSpki, der)).toEqual(area);
      expect(await pemToTpmPublic(opensslSpki, publicKey.export({ type: "spki", format: "pem" }) as string)).toEqual(
        area,
      );
    }
  });

  it("no crypto is NO_CRYPTO; a crypto without the optional members is UNSUPPORTED", async () => {
    const area = tpmPublicFromPublicKey(
      neutralOf(nc.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey, C.NIST_P256),
    );
    await expect(tpmPublicToSpki(undefined, area)).rejects.toMatchObject({ code: "NO_CRYPTO" });
    await expect(spkiToTpmPublic(undefined, new Uint8Array(4))).rejects.toMatchObject({ code: "NO_CRYPTO" });
    await expect(tpmPublicToSpki(nodeCrypto, area)).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(spkiToTpmPublic(nodeCrypto, new Uint8Array(4))).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(tpmPublicToPem(nodeCrypto, area)).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});

describe("PEM (RFC 7468 PUBLIC KEY)", () => {
  it("spkiToPem is node:crypto's PEM byte for byte (RSA 1024 to 4096, each curve), pemToSpki its DER", () => {
    const keys = [
      ...[1024, 2048, 3072, 4096].map((m) => nc.generateKeyPairSync("rsa", { modulusLength: m }).publicKey),
      ...["P-256", "P-384", "P-521"].map((c) => nc.generateKeyPairSync("ec", { namedCurve: c }).publicKey),
    ];
    for (const k of keys) {
      const der = new Uint8Array(k.export({ type: "spki", format: "der" }));
      const pem = k.export({ type: "spki", format: "pem" }) as string;
      expect(spkiToPem(der)).toBe(pem);
      expect(pemToSpki(pem)).toEqual(der);
    }
  });

  it("base64 of every length 1..300 matches Buffer's, both ways", () => {
    for (let n = 1; n <= 300; n++) {
      const data = new Uint8Array(nc.randomBytes(n));
      const pem = spkiToPem(data);
      expect(pem.split("\n").slice(1, -2).join("")).toBe(Buffer.from(data).toString("base64"));
      expect(pemToSpki(pem)).toEqual(data);
    }
  });

  it("reads PEM with text around it, CRLF and indentation; takes the first PUBLIC KEY block", () => {
    const k = nc.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
    const der = new Uint8Array(k.export({ type: "spki", format: "der" }));
    const pem = k.export({ type: "spki", format: "pem" }) as string;
    const crlf = `Subject: test key\r\n${pem.replace(/\n/g, "\r\n").replace(/\r\n(?=[A-Za-z0-9+/])/g, "\r\n  ")}trailing text\n`;
    expect(pemToSpki(crlf)).toEqual(der);
    expect(pemToSpki(pem + spkiToPem(Uint8Array.of(1, 2, 3)))).toEqual(der);
  });

  it("refuses other labels, missing ends and bad base64 with BAD_PARAMETER", () => {
    const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    const pem = rsa.export({ type: "spki", format: "pem" }) as string;
    const body = pem.split("\n").slice(1, -2).join("\n");
    const bad = [
      rsa.export({ type: "pkcs1", format: "pem" }) as string,
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
      pem.replace("-----END PUBLIC KEY-----", ""),
      "no PEM here",
      "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
      `-----BEGIN PUBLIC KEY-----\n${body}*\n-----END PUBLIC KEY-----\n`,
      `-----BEGIN PUBLIC KEY-----\n${body}A\n-----END PUBLIC KEY-----\n`,
      "-----BEGIN PUBLIC KEY-----\nAB==\n-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nA===\n-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nAA=A\n-----END PUBLIC KEY-----\n",
      42 as unknown as string,
    ];
    for (const text of bad)
      expect(() => pemToSpki(text), String(text).slice(0, 40)).toThrow(
        expect.objectContaining({ name: "TssError", code: "BAD_PARAMETER" }),
      );
    expect(() => spkiToPem(new Uint8Array(0))).toThrow(expect.objectContaining({ code: "BAD_PARAMETER" }));
  });
});

describe("the SPKI vectors and conformance cases themselves", () => {
  it("every good vector is what OpenSSL (node:crypto) makes of its key, and reads back to it", async () => {
    for (const v of SPKI_VECTORS.good) {
      const key = neutralKeyFromVector(v.key);
      expect(toHex(await opensslSpki.exportSpki!(key)), v.name).toBe(v.der);
      expect(await opensslSpki.importSpki!(fromHex(v.der)), v.name).toEqual(key);
    }
  });

  it("refused vectors: the UNSUPPORTED ones are real keys OpenSSL reads; of the damaged ones OpenSSL lets exactly these through", async () => {
    const opensslReads = (d: string) => {
      try {
        nc.createPublicKey({ key: Buffer.from(d, "hex"), format: "der", type: "spki" });
        return true;
      } catch {
        return false;
      }
    };
    const lenient: string[] = [];
    for (const v of SPKI_VECTORS.refused) {
      if (v.code === "UNSUPPORTED") expect(opensslReads(v.der), v.name).toBe(true);
      else if (opensslReads(v.der)) lenient.push(v.name);
    }
    // Non-DER and out-of-range forms OpenSSL 3 accepts; the contract (and both plugins) refuse them.
    expect(lenient.sort()).toEqual(
      [
        "P-256 with a trailing zero octet",
        "RSA with a trailing zero octet",
        "P-256 with a BER long-form length (81 59) on the outer SEQUENCE",
        "RSA modulus INTEGER with a redundant 00 octet",
        "RSA modulus INTEGER that is negative (no 00 octet)",
        "RSA algorithm without its NULL parameters",
        "RSA even exponent 65536",
        "RSA exponent 1",
      ].sort(),
    );
  });

  it("the cases pass for OpenSSL's export and import of the good vectors, and fail for broken ones", async () => {
    const cases = spkiConformanceCases();
    const exportKnown = cases.find((c) => c.name.startsWith("exportSpki: DER known answers"))!;
    const importKnown = cases.find((c) => c.name.startsWith("importSpki: DER known answers"))!;
    const refusals = cases.find((c) => c.name.startsWith("importSpki: other algorithms"))!;
    await exportKnown.run(opensslSpki);
    await importKnown.run(opensslSpki);
    const extraOctet: Crypto = {
      ...opensslSpki,
      exportSpki: async (k) => Uint8Array.of(...(await opensslSpki.exportSpki!(k)), 0),
    };
    await expect(exportKnown.run(extraOctet)).rejects.toThrow(/exportSpki/);
    const unpadded: Crypto = {
      ...opensslSpki,
      importSpki: async (d) => {
        const k = await opensslSpki.importSpki!(d);
        if ("ecc" in k) return { ecc: { ...k.ecc, x: k.ecc.x[0] === 0 ? k.ecc.x.subarray(1) : k.ecc.x } };
        return k;
      },
    };
    await expect(importKnown.run(unpadded)).rejects.toThrow(/importSpki P-(256|521), x with a/);
    // node:crypto's own import lets trailing octets through and throws plain errors: the kit says so.
    await expect(refusals.run(opensslSpki)).rejects.toThrow(/expected TssError/);
  });
});
