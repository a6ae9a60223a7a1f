// makeCredential's known answers under every crypto plugin: with the randomness
// fixed (the seed for an RSA EK, the ephemeral key for an ECC EK, through a
// wrapping Crypto), the credentialBlob and secret equal tpm2-pytss's
// make_credential on the same inputs (fixtures/make-credential-vectors.py).
// The RSA secret is OAEP-encrypted (random padding): it decrypts, with the EK's
// private key and the label "IDENTITY\0", to the seed. Bad inputs fail with
// their codes. The TPM side (ActivateCredential on swtpm) is
// tools/reg/test/attest-enrolment.test.ts.
import { constants, createECDH, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { readFileSync } from "node:fs";
import { AttestError, makeCredential, objectNameOf } from "@tss/attest";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { type Crypto, marshal, TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT, TPMT_PUBLIC } from "@tss/marshal";
import type { PublicArea } from "@tss/session";
import { describe, expect, it } from "vitest";

interface Vector {
  ek: string;
  symmetricKeyBits: number;
  nameAlg: "sha256" | "sha384";
  seed?: string;
  ekX?: string;
  ekY?: string;
  ephemeralPrivate?: string;
  name: string;
  credential: string;
  secret?: string;
  credentialBlob: string;
}
const vectors = JSON.parse(
  readFileSync(new URL("fixtures/make-credential-vectors.json", import.meta.url), "utf8"),
) as Vector[];

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const empty = new Uint8Array(0);
const EK_ATTRIBUTES =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.adminWithPolicy |
  TPMA_OBJECT.restricted |
  TPMA_OBJECT.decrypt;
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const aes = (bits: number) => ({ algorithm: TPM_ALG_ID.AES, keyBits: { aes: bits }, mode: { aes: TPM_ALG_ID.CFB } });

function rsaEk(n: Uint8Array, symBits = 128): PublicArea {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: EK_ATTRIBUTES,
    authPolicy: empty,
    parameters: { rsaDetail: { symmetric: aes(symBits), scheme: NULL_SCHEME, keyBits: n.length * 8, exponent: 0 } },
    unique: { rsa: n },
  } as never;
}

function eccEk(v: Vector): PublicArea {
  const p384 = v.ek === "ecc384";
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: p384 ? TPM_ALG_ID.SHA384 : TPM_ALG_ID.SHA256,
    objectAttributes: EK_ATTRIBUTES,
    authPolicy: empty,
    parameters: {
      eccDetail: {
        symmetric: aes(v.symmetricKeyBits),
        scheme: NULL_SCHEME,
        curveID: p384 ? TPM_ECC_CURVE.NIST_P384 : TPM_ECC_CURVE.NIST_P256,
        kdf: NULL_SCHEME,
      },
    },
    unique: { ecc: { x: bytes(v.ekX!), y: bytes(v.ekY!) } },
  } as never;
}

/** A Crypto whose members in `over` replace the plugin's; the rest are the plugin's own. */
function wrap(crypto: Crypto, over: Partial<Crypto>): Crypto {
  return new Proxy(crypto, {
    get(target, p) {
      if (p in over) return over[p as keyof Crypto];
      const v = Reflect.get(target, p, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** ecdhEphemeral with a fixed private key (node:crypto's ECDH). */
function fixedEphemeral(curve: "prime256v1" | "secp384r1", d: Uint8Array): Crypto["ecdhEphemeral"] {
  return async (_curveId, peer) => {
    const ecdh = createECDH(curve);
    ecdh.setPrivateKey(d);
    const pub = ecdh.getPublicKey();
    const size = (pub.length - 1) / 2;
    const z = ecdh.computeSecret(Buffer.concat([Uint8Array.of(4), peer.x, peer.y]));
    return {
      z: new Uint8Array(z),
      ephemeral: { x: new Uint8Array(pub.subarray(1, 1 + size)), y: new Uint8Array(pub.subarray(1 + size)) },
    };
  };
}

const PLUGINS: [string, () => Crypto][] = [
  ["forge", () => createForgeCrypto()],
  ["webcrypto", () => createWebCrypto()],
  ["node", () => createNodeCrypto()],
];
const rsaKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const modulus = bytes(Buffer.from(rsaKey.publicKey.export({ format: "jwk" }).n!, "base64url").toString("hex"));

describe.each(PLUGINS)("makeCredential known answers (tpm2-pytss) with %s", (_name, make) => {
  const crypto = make();

  it("RSA EK, fixed seed: the credentialBlob is pytss's; the secret decrypts (OAEP, label IDENTITY) to the seed", async () => {
    const v = vectors.find((x) => x.ek === "rsa2048")!;
    const seed = bytes(v.seed!);
    const fixed = wrap(crypto, { randomBytes: (n: number) => seed.slice(0, n) });
    const out = await makeCredential({
      ekPublic: rsaEk(modulus),
      akName: bytes(v.name),
      secret: bytes(v.credential),
      crypto: fixed,
    });
    expect(hex(out.credentialBlob)).toBe(v.credentialBlob);
    const decrypted = privateDecrypt(
      {
        key: rsaKey.privateKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: "sha256",
        oaepLabel: Buffer.from("IDENTITY\0"),
      },
      out.secret,
    );
    expect(hex(decrypted)).toBe(v.seed);
    // With the plugin's own randomness: another seed, another blob, of the same size.
    const random = await makeCredential({
      ekPublic: rsaEk(modulus),
      akName: bytes(v.name),
      secret: bytes(v.credential),
      crypto,
    });
    expect(random.credentialBlob).toHaveLength(out.credentialBlob.length);
    expect(hex(random.credentialBlob)).not.toBe(v.credentialBlob);
  });

  it.each(["ecc256", "ecc384"])("%s EK, fixed ephemeral key: credentialBlob and secret are pytss's", async (ek) => {
    const v = vectors.find((x) => x.ek === ek)!;
    const fixed = wrap(crypto, {
      ecdhEphemeral: fixedEphemeral(ek === "ecc256" ? "prime256v1" : "secp384r1", bytes(v.ephemeralPrivate!)),
    });
    const out = await makeCredential({
      ekPublic: eccEk(v),
      akName: bytes(v.name),
      secret: bytes(v.credential),
      crypto: fixed,
    });
    expect(hex(out.secret)).toBe(v.secret);
    expect(hex(out.credentialBlob)).toBe(v.credentialBlob);
    // The same from the marshalled public area (TPMT_PUBLIC bytes).
    const again = await makeCredential({
      ekPublic: marshal(TPMT_PUBLIC, eccEk(v) as never),
      akName: bytes(v.name),
      secret: bytes(v.credential),
      crypto: fixed,
    });
    expect(hex(again.credentialBlob)).toBe(v.credentialBlob);
  });

  it("akPublic gives the AK's Name; an akName that is not akPublic's is NAME_MISMATCH", async () => {
    const v = vectors.find((x) => x.ek === "ecc256")!;
    const akPublic = eccEk(v); // any public area has a Name
    const akName = await objectNameOf(crypto, akPublic);
    expect(hex(akName.subarray(0, 2))).toBe("000b");
    const fixed = wrap(crypto, { ecdhEphemeral: fixedEphemeral("prime256v1", bytes(v.ephemeralPrivate!)) });
    const byName = await makeCredential({ ekPublic: eccEk(v), akName, secret: bytes(v.credential), crypto: fixed });
    const byPublic = await makeCredential({ ekPublic: eccEk(v), akPublic, secret: bytes(v.credential), crypto: fixed });
    expect(hex(byPublic.credentialBlob)).toBe(hex(byName.credentialBlob));
    await expect(
      makeCredential({ ekPublic: eccEk(v), akPublic, akName: bytes(v.name), secret: bytes(v.credential), crypto }),
    ).rejects.toMatchObject({ code: "NAME_MISMATCH" });
  });

  it("bad inputs: each with its code", async () => {
    const v = vectors.find((x) => x.ek === "ecc256")!;
    const base = { ekPublic: eccEk(v), akName: bytes(v.name), secret: bytes(v.credential), crypto };
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "resolved",
        (e: unknown) => (e instanceof AttestError ? e.code : `not an AttestError: ${String(e)}`),
      );
    expect(await code(makeCredential({ ...base, secret: new Uint8Array(33) }))).toBe("BAD_PARAMETER");
    expect(await code(makeCredential({ ...base, akName: undefined }))).toBe("BAD_PARAMETER");
    expect(await code(makeCredential({ ...base, crypto: undefined as never }))).toBe("NO_CRYPTO");
    // A signing key (no symmetric algorithm) cannot receive a credential.
    const signing = eccEk(v) as unknown as { parameters: { eccDetail: { symmetric: unknown } } };
    signing.parameters.eccDetail.symmetric = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
    expect(await code(makeCredential({ ...base, ekPublic: signing as never }))).toBe("BAD_PARAMETER");
    // AES in another mode than CFB.
    const ofb = eccEk(v) as unknown as { parameters: { eccDetail: { symmetric: unknown } } };
    ofb.parameters.eccDetail.symmetric = {
      algorithm: TPM_ALG_ID.AES,
      keyBits: { aes: 128 },
      mode: { aes: TPM_ALG_ID.OFB },
    };
    expect(await code(makeCredential({ ...base, ekPublic: ofb as never }))).toBe("UNSUPPORTED_ALGORITHM");
    expect(await code(makeCredential({ ...base, ekPublic: Uint8Array.of(0, 1, 2) }))).toBe("MALFORMED");
  });
});
