// exportSpki/importSpki of every crypto plugin against node:crypto (OpenSSL):
// keys generated here once, their DER SubjectPublicKeyInfo exported by
// node:crypto and their numbers read from node:crypto's JWK; each plugin must
// match them byte for byte both ways, refuse what the contract leaves out, and
// agree with the other plugins. Also: each plugin package's createCrypto() is
// its uniform entry point.
import * as nc from "node:crypto";
import * as forgePackage from "@tss/crypto-forge";
import * as nodePackage from "@tss/crypto-node";
import * as webcryptoPackage from "@tss/crypto-webcrypto";
import { type Crypto, type NeutralPublicKey, TPM_ECC_CURVE } from "@tss/marshal";
import { describe, expect, it } from "vitest";

/** Each plugin: its shared instance, its named factory and its uniform createCrypto(). */
const PLUGINS: readonly { name: string; plugin: Crypto; factory: () => Crypto; createCrypto: () => Crypto }[] = [
  {
    name: "@tss/crypto-forge",
    plugin: forgePackage.forgeCrypto,
    factory: forgePackage.createForgeCrypto,
    createCrypto: forgePackage.createCrypto,
  },
  {
    name: "@tss/crypto-webcrypto",
    plugin: webcryptoPackage.webCrypto,
    factory: webcryptoPackage.createWebCrypto,
    createCrypto: webcryptoPackage.createCrypto,
  },
  {
    name: "@tss/crypto-node",
    plugin: nodePackage.nodeCrypto,
    factory: nodePackage.createNodeCrypto,
    createCrypto: nodePackage.createCrypto,
  },
];

const CURVES = [
  { curveID: TPM_ECC_CURVE.NIST_P256, name: "P-256" },
  { curveID: TPM_ECC_CURVE.NIST_P384, name: "P-384" },
  { curveID: TPM_ECC_CURVE.NIST_P521, name: "P-521" },
] as const;

/** RSA sizes and exponents to convert (2056 bits: a modulus that is not a multiple of 64 bits). */
const RSA_CASES: readonly [number, number][] = [
  [1024, 65537],
  [2048, 65537],
  [2048, 3],
  [3072, 65537],
  [4096, 65537],
  [2056, 0x10001],
];

/** Keys per curve; more are made until one has a coordinate with a leading zero octet. */
const KEYS_PER_CURVE = 300;

const b64u = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64url"));

/** A key's neutral form and DER SubjectPublicKeyInfo, both from node:crypto. */
interface NodeKey {
  readonly key: NeutralPublicKey;
  readonly der: Uint8Array;
}

/** The neutral key and the DER of a node:crypto public key, both from node:crypto. */
function fromNode(pub: nc.KeyObject, curveID?: number): NodeKey {
  const jwk = pub.export({ format: "jwk" });
  const der = new Uint8Array(pub.export({ type: "spki", format: "der" }));
  if (jwk.kty === "RSA") {
    const e = b64u(jwk.e);
    return { key: { rsa: { n: b64u(jwk.n), e: Buffer.from(e).readUIntBE(0, e.length) } }, der };
  }
  return { key: { ecc: { curveID: curveID!, x: b64u(jwk.x), y: b64u(jwk.y) } }, der };
}

/** Whether an ECC key has an x or y with a leading zero octet (the DER must keep it). */
function hasLeadingZero(k: NodeKey): boolean {
  const { x, y } = (k.key as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
  return x[0] === 0 || y[0] === 0;
}

// Made once for all three plugins (RSA 4096 and 900 ECC keys take a while).
const rsaKeys = RSA_CASES.map(([bits, e]) =>
  fromNode(nc.generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: e }).publicKey),
);
const eccKeys = CURVES.map(({ curveID, name }) => {
  const keys: NodeKey[] = [];
  while (keys.length < KEYS_PER_CURVE || !keys.some(hasLeadingZero)) {
    keys.push(fromNode(nc.generateKeyPairSync("ec", { namedCurve: name }).publicKey, curveID));
  }
  return keys;
});

for (const { name, plugin, factory, createCrypto } of PLUGINS) {
  describe(`${name} exportSpki/importSpki against node:crypto`, () => {
    RSA_CASES.forEach(([bits, e], i) => {
      it(`RSA ${bits}-bit e = ${e}: same DER as node:crypto, and back to node's n and e`, async () => {
        const { key, der } = rsaKeys[i]!;
        expect(await plugin.exportSpki!(key)).toEqual(der);
        expect(await plugin.importSpki!(der)).toEqual(key);
      });
    });

    CURVES.forEach(({ name: curve }, i) => {
      it(`${curve}: ${KEYS_PER_CURVE} keys, same DER as node:crypto both ways (including coordinates with leading zero octets)`, async () => {
        const keys = eccKeys[i]!;
        expect(keys.some(hasLeadingZero)).toBe(true);
        for (const { key, der } of keys) {
          expect(await plugin.exportSpki!(key)).toEqual(der);
          expect(await plugin.importSpki!(der)).toEqual(key);
        }
      });
    });

    it("node:crypto verifies a signature with the key exported by the plugin (RSA and each curve)", async () => {
      const msg = new TextEncoder().encode("public-key conversion");
      const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
      const rsaDer = await plugin.exportSpki!(fromNode(rsa.publicKey).key);
      const rsaKey = nc.createPublicKey({ key: Buffer.from(rsaDer), format: "der", type: "spki" });
      expect(nc.verify("sha256", msg, rsaKey, nc.sign("sha256", msg, rsa.privateKey))).toBe(true);
      for (const { curveID, name: curve } of CURVES) {
        const ec = nc.generateKeyPairSync("ec", { namedCurve: curve });
        const der = await plugin.exportSpki!(fromNode(ec.publicKey, curveID).key);
        const k = nc.createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
        expect(nc.verify("sha384", msg, k, nc.sign("sha384", msg, ec.privateKey)), curve).toBe(true);
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

    it("createCrypto() is the package's uniform entry point: a fresh Crypto like its named factory's", () => {
      const a = createCrypto();
      expect(a).not.toBe(plugin);
      expect(Object.keys(a).sort()).toEqual(Object.keys(factory()).sort());
      expect(typeof a.exportSpki).toBe("function");
      expect(typeof a.importSpki).toBe("function");
    });
  });
}

describe("the plugins' exportSpki/importSpki agree with each other", () => {
  it("on every key above: the same DER from each plugin, and each imports the others' DER", async () => {
    const [first, ...others] = PLUGINS;
    for (const { key } of [...rsaKeys, ...eccKeys.flatMap((keys) => keys.slice(0, 50))]) {
      const reference = await first!.plugin.exportSpki!(key);
      for (const { name, plugin } of others) {
        const ours = await plugin.exportSpki!(key);
        expect(ours, name).toEqual(reference);
        expect(await first!.plugin.importSpki!(ours), name).toEqual(key);
        expect(await plugin.importSpki!(reference), name).toEqual(key);
      }
    }
  });
});
