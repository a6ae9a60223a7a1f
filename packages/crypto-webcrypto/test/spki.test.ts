// exportSpki/importSpki of @tss/crypto-webcrypto against node:crypto (OpenSSL): keys
// generated here, their DER SubjectPublicKeyInfo exported by node:crypto, their
// numbers read from node:crypto's JWK; ours must match byte for byte both ways.
import * as nc from "node:crypto";
import { forgeCrypto } from "@tss/crypto-forge";
import { createCrypto, createWebCrypto, webCrypto } from "@tss/crypto-webcrypto";
import type { Crypto, NeutralPublicKey } from "@tss/marshal";
import { TPM_ECC_CURVE } from "@tss/marshal";
import { describe, expect, it } from "vitest";

const plugin: Crypto = webCrypto;
const b64u = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64url"));
const CURVES = [
  { curveID: TPM_ECC_CURVE.NIST_P256, name: "P-256" },
  { curveID: TPM_ECC_CURVE.NIST_P384, name: "P-384" },
  { curveID: TPM_ECC_CURVE.NIST_P521, name: "P-521" },
] as const;

/** The neutral key and the DER of a node:crypto public key, both from node:crypto. */
function fromNode(pub: nc.KeyObject, curveID?: number): { key: NeutralPublicKey; der: Uint8Array } {
  const jwk = pub.export({ format: "jwk" });
  const der = new Uint8Array(pub.export({ type: "spki", format: "der" }));
  if (jwk.kty === "RSA")
    return {
      key: { rsa: { n: b64u(jwk.n), e: Number(Buffer.from(b64u(jwk.e)).readUIntBE(0, b64u(jwk.e).length)) } },
      der,
    };
  return { key: { ecc: { curveID: curveID!, x: b64u(jwk.x), y: b64u(jwk.y) } }, der };
}

describe("@tss/crypto-webcrypto exportSpki/importSpki against node:crypto", () => {
  const rsaCases: [number, number][] = [
    [1024, 65537],
    [2048, 65537],
    [2048, 3],
    [3072, 65537],
    [4096, 65537],
    [2056, 0x10001],
  ];
  for (const [bits, e] of rsaCases) {
    it(`RSA ${bits}-bit e = ${e}: same DER as node:crypto, and back to node's n and e`, async () => {
      const { publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: e });
      const { key, der } = fromNode(publicKey);
      expect(await plugin.exportSpki!(key)).toEqual(der);
      expect(await plugin.importSpki!(der)).toEqual(key);
    });
  }

  for (const { curveID, name } of CURVES) {
    it(`${name}: 300 keys, same DER as node:crypto both ways (including coordinates with leading zero octets)`, async () => {
      let zeros = 0;
      for (let i = 0; i < 300 || zeros === 0; i++) {
        const { publicKey } = nc.generateKeyPairSync("ec", { namedCurve: name });
        const { key, der } = fromNode(publicKey, curveID);
        const { x, y } = (key as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
        if (x[0] === 0 || y[0] === 0) zeros++;
        expect(await plugin.exportSpki!(key)).toEqual(der);
        expect(await plugin.importSpki!(der)).toEqual(key);
      }
      expect(zeros).toBeGreaterThan(0);
    });
  }

  it("node:crypto verifies a signature with the key exported by the plugin (RSA and each curve)", async () => {
    const msg = new TextEncoder().encode("public-key conversion");
    const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rsaDer = await plugin.exportSpki!(fromNode(rsa.publicKey).key);
    const rsaKey = nc.createPublicKey({ key: Buffer.from(rsaDer), format: "der", type: "spki" });
    expect(nc.verify("sha256", msg, rsaKey, nc.sign("sha256", msg, rsa.privateKey))).toBe(true);
    for (const { curveID, name } of CURVES) {
      const ec = nc.generateKeyPairSync("ec", { namedCurve: name });
      const der = await plugin.exportSpki!(fromNode(ec.publicKey, curveID).key);
      const k = nc.createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
      expect(nc.verify("sha384", msg, k, nc.sign("sha384", msg, ec.privateKey))).toBe(true);
    }
  });

  it("refuses what node:crypto makes but the contract leaves out, each with its TssError code", async () => {
    const spki = (k: nc.KeyObject) => new Uint8Array(k.export({ type: "spki", format: "der" }));
    const cases: [string, Uint8Array, string][] = [
      ["Ed25519", spki(nc.generateKeyPairSync("ed25519").publicKey), "UNSUPPORTED"],
      ["X448", spki(nc.generateKeyPairSync("x448").publicKey), "UNSUPPORTED"],
      ["secp256k1", spki(nc.generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey), "UNSUPPORTED"],
      ["RSA-PSS", spki(nc.generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).publicKey), "UNSUPPORTED"],
      [
        "DSA",
        spki(nc.generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 }).publicKey),
        "UNSUPPORTED",
      ],
      ["RSA 768-bit", spki(nc.generateKeyPairSync("rsa", { modulusLength: 768 }).publicKey), "UNSUPPORTED"],
    ];
    for (const [what, der, code] of cases) {
      const err = await plugin.importSpki!(der).catch((e: unknown) => e);
      expect(err, what).toMatchObject({ name: "TssError", code });
    }
  });

  it("createCrypto() is the uniform entry point: a fresh Crypto like createWebCrypto()", () => {
    const a = createCrypto();
    expect(a).not.toBe(webCrypto);
    expect(Object.keys(a).sort()).toEqual(Object.keys(createWebCrypto()).sort());
    expect(typeof a.exportSpki).toBe("function");
    expect(typeof a.importSpki).toBe("function");
  });

  it("agrees with @tss/crypto-forge on 50 keys of each kind, and each imports the other's DER", async () => {
    const kinds: [string, () => { key: NeutralPublicKey; der: Uint8Array }][] = [
      ["RSA 1024", () => fromNode(nc.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey)],
      ...CURVES.map(({ curveID, name }): [string, () => { key: NeutralPublicKey; der: Uint8Array }] => [
        name,
        () => fromNode(nc.generateKeyPairSync("ec", { namedCurve: name }).publicKey, curveID),
      ]),
    ];
    for (const [what, make] of kinds) {
      for (let i = 0; i < 50; i++) {
        const { key } = make();
        const ours = await plugin.exportSpki!(key);
        const theirs = await forgeCrypto.exportSpki!(key);
        expect(ours, what).toEqual(theirs);
        expect(await forgeCrypto.importSpki!(ours), what).toEqual(key);
        expect(await plugin.importSpki!(theirs), what).toEqual(key);
      }
    }
  });
});
