/**
 * Software MakeCredential: known answers for the credential blob (computed
 * independently with the OpenSSL 3 command line: `openssl kdf ... KBKDF` for
 * KDFa, `openssl kdf ... SSKDF` for KDFe, `openssl enc -aes-*-cfb` and
 * `openssl dgst -mac HMAC`), the seed's encryption under "IDENTITY", and a
 * round trip that opens the blob with node:crypto and a private key. The round
 * trip through TPM2_ActivateCredential on swtpm is in tools/reg
 * (credential.test.ts).
 */
import * as nc from "node:crypto";
import { type Crypto, TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT, TssError } from "@tss/marshal";
import {
  credentialBlob,
  credentialProtector,
  IDENTITY_LABEL,
  kdfA,
  kdfE,
  makeCredential,
  makeEncryptedSeed,
  type PublicArea,
} from "@tss/session";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const range = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => from + i);
const enc = (s: string) => new TextEncoder().encode(s);

const EMPTY = new Uint8Array(0);
const AES128 = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const EK_ATTRIBUTES =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.adminWithPolicy |
  TPMA_OBJECT.restricted |
  TPMA_OBJECT.decrypt;

function rsaPublic(n: Uint8Array, symmetric: object = AES128): PublicArea {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: EK_ATTRIBUTES,
    authPolicy: EMPTY,
    parameters: { rsaDetail: { symmetric, scheme: NULL_SCHEME, keyBits: n.length * 8, exponent: 0 } },
    unique: { rsa: n },
  } as PublicArea;
}

function eccPublic(x: Uint8Array, y: Uint8Array): PublicArea {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: EK_ATTRIBUTES,
    authPolicy: EMPTY,
    parameters: {
      eccDetail: { symmetric: AES128, scheme: NULL_SCHEME, curveID: TPM_ECC_CURVE.NIST_P256, kdf: NULL_SCHEME },
    },
    unique: { ecc: { x, y } },
  } as PublicArea;
}

/** Opens a credential blob with node:crypto alone: checks the integrity HMAC, decrypts, returns the credential. */
function openBlob(hash: string, keyBits: number, seed: Uint8Array, name: Uint8Array, blob: Uint8Array): Uint8Array {
  const kdfa = (label: string, context: Uint8Array, bits: number) => {
    const out: Buffer[] = [];
    for (let i = 1; out.length * 64 < bits / 8; i++) {
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(i);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bits);
      out.push(
        nc
          .createHmac(hash, seed)
          .update(Buffer.concat([counter, Buffer.from(`${label}\0`), context, length]))
          .digest(),
      );
    }
    return Buffer.concat(out).subarray(0, bits / 8);
  };
  const size = blob[0]! * 256 + blob[1]!;
  const integrity = blob.subarray(2, 2 + size);
  const encIdentity = blob.subarray(2 + size);
  const hmacKey = kdfa("INTEGRITY", Buffer.alloc(0), size * 8);
  const expected = nc.createHmac(hash, hmacKey).update(encIdentity).update(name).digest();
  if (!expected.equals(integrity)) throw new Error("integrity HMAC does not verify");
  const symKey = kdfa("STORAGE", Buffer.from(name), keyBits);
  const d = nc.createDecipheriv(`aes-${keyBits}-cfb`, symKey, Buffer.alloc(16));
  const plain = Buffer.concat([d.update(encIdentity), d.final()]);
  const n = plain.readUInt16BE(0);
  expect(plain.length).toBe(2 + n);
  return new Uint8Array(plain.subarray(2));
}

describe("credentialBlob: known answers (OpenSSL 3 command line)", () => {
  it("SHA-256, AES-128 (the low-range EKs)", async () => {
    // KDFa(SHA-256, seed, "STORAGE", name, "", 128) = 7a58c2079bee13e00ed160d657aecaef.
    const symKey = await kdfA(
      nodeCrypto,
      TPM_ALG_ID.SHA256,
      range(0, 32),
      "STORAGE",
      hex(`000b${toHex(range(0x40, 32))}`),
      EMPTY,
      128,
    );
    expect(toHex(symKey)).toBe("7a58c2079bee13e00ed160d657aecaef");
    const blob = await credentialBlob(
      nodeCrypto,
      { nameAlg: TPM_ALG_ID.SHA256, symmetricKeyBits: 128 },
      range(0, 32),
      hex(`000b${toHex(range(0x40, 32))}`),
      enc("0123456789abcdef"),
    );
    expect(toHex(blob)).toBe(
      "002011bbec89197da32991ba18ecda4375a88ab7406aee36b13ae4e55df05826a96a6e613089d41a1eabe51cc1bacd57ee769a39",
    );
  });

  it("SHA-384, AES-256 (the high-range P-384 EK), a 48-octet credential", async () => {
    const blob = await credentialBlob(
      nodeCrypto,
      { nameAlg: TPM_ALG_ID.SHA384, symmetricKeyBits: 256 },
      range(0x80, 48),
      hex(`000c${toHex(range(0xa0, 48))}`),
      range(0, 48),
    );
    expect(toHex(blob)).toBe(
      "0030efc820f3ab4a9925eb5b294a00b7542b6ab117062a57bf3ac0f2dc8fd116e0535dd9898bf41cf8d9e3801e0aae5127c378b9d3a83cfabbd47f2815cc798fd7a6326e06f168709f4a63c4eca19573499922796b24f2c7372c999f00df11946648d53b",
    );
  });

  it("rejects a credential longer than the digest, bad key sizes and non-bytes", async () => {
    const p = { nameAlg: TPM_ALG_ID.SHA256, symmetricKeyBits: 128 };
    await expect(credentialBlob(nodeCrypto, p, range(0, 32), range(0, 34), range(0, 33))).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    await expect(
      credentialBlob(nodeCrypto, { ...p, symmetricKeyBits: 100 }, range(0, 32), range(0, 34), range(0, 8)),
    ).rejects.toBeInstanceOf(TssError);
    await expect(credentialBlob(nodeCrypto, p, "seed" as never, range(0, 34), range(0, 8))).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});

describe("makeCredential: the seed goes to the key under IDENTITY", () => {
  it("ECC: seed = KDFe(Z, IDENTITY, ephemeral.x, key.x), secret = the ephemeral point (known answer, OpenSSL SSKDF)", async () => {
    const keyX = range(0x50, 32);
    const keyY = range(0x70, 32);
    // A Crypto whose ECDH returns a fixed Z and ephemeral point.
    const fixed: Crypto = {
      ...nodeCrypto,
      ecdhEphemeral: async (curve, peer) => {
        expect(curve).toBe(TPM_ECC_CURVE.NIST_P256);
        expect(peer).toEqual({ x: keyX, y: keyY });
        return { z: range(0x10, 32), ephemeral: { x: range(0x30, 32), y: range(0x90, 32) } };
      },
    };
    const seed = await kdfE(nodeCrypto, TPM_ALG_ID.SHA256, range(0x10, 32), IDENTITY_LABEL, range(0x30, 32), keyX, 256);
    expect(toHex(seed)).toBe("0fffcef4053541bc7cfd8c2418f7407153bdd42de33aaf869278950cb3d23e5f");
    const made = await makeCredential(
      fixed,
      eccPublic(keyX, keyY),
      hex(`000b${toHex(range(0x40, 32))}`),
      enc("ecc credential"),
    );
    expect(toHex(made.secret)).toBe(`0020${toHex(range(0x30, 32))}0020${toHex(range(0x90, 32))}`);
    expect(toHex(made.credentialBlob)).toBe(
      "0020023f8b9f589d83e5d66ab2b6cce4680563c4d108ee518fd07cf364411abecae3c428aad41e56a2d3fe9658fef96c14d1",
    );
  });

  it("RSA: the secret decrypts with the private key (OAEP, SHA-256, label IDENTITY\\0) to a seed that opens the blob", async () => {
    const { publicKey, privateKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const n = new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).n!, "base64url"));
    const name = hex(`000b${toHex(range(0x40, 32))}`);
    const made = await makeCredential(nodeCrypto, rsaPublic(n), name, enc("a credential"));
    const seed = nc.privateDecrypt(
      {
        key: privateKey,
        oaepHash: "sha256",
        oaepLabel: Buffer.from("IDENTITY\0"),
        padding: nc.constants.RSA_PKCS1_OAEP_PADDING,
      },
      made.secret,
    );
    expect(seed.length).toBe(32);
    expect(new TextDecoder().decode(openBlob("sha256", 128, seed, name, made.credentialBlob))).toBe("a credential");
    // Another Name: the integrity check fails.
    expect(() => openBlob("sha256", 128, seed, hex(`000b${toHex(range(0x41, 32))}`), made.credentialBlob)).toThrow(
      /integrity/,
    );
  });

  it("ECC: the point in the secret and the key's private key give the same seed", async () => {
    const ecdh = nc.createECDH("prime256v1");
    ecdh.generateKeys();
    const pub = ecdh.getPublicKey();
    const x = new Uint8Array(pub.subarray(1, 33));
    const y = new Uint8Array(pub.subarray(33));
    const name = hex(`000b${toHex(range(0x60, 32))}`);
    const made = await makeCredential(nodeCrypto, eccPublic(x, y), name, range(7, 20));
    const ex = made.secret.subarray(2, 34);
    const ey = made.secret.subarray(36);
    const z = ecdh.computeSecret(Buffer.concat([Buffer.from([4]), ex, ey]));
    const seed = await kdfE(nodeCrypto, TPM_ALG_ID.SHA256, new Uint8Array(z), "IDENTITY", ex, x, 256);
    expect(openBlob("sha256", 128, seed, name, made.credentialBlob)).toEqual(range(7, 20));
  });

  it("makeEncryptedSeed uses the label it is given (SECRET for salts)", async () => {
    const labels: string[] = [];
    const spy: Crypto = {
      ...nodeCrypto,
      rsaOaepEncrypt: async (_pub, _hash, label, data) => {
        labels.push(new TextDecoder().decode(label));
        return data;
      },
    };
    const key = { nameAlg: TPM_ALG_ID.SHA256, rsa: { n: range(1, 256), e: 0 } };
    await makeEncryptedSeed(spy, key, "DUPLICATE");
    await makeCredential(spy, rsaPublic(range(1, 256)), range(0, 34), range(0, 4));
    expect(labels).toEqual(["DUPLICATE\0", "IDENTITY\0"]);
  });

  it("rejects keys that cannot protect a credential", async () => {
    const n = range(1, 256);
    const nullSym = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
    expect(() => credentialProtector(rsaPublic(n, nullSym))).toThrow(TssError);
    const sm4 = { algorithm: TPM_ALG_ID.SM4, keyBits: { sm4: 128 }, mode: { sm4: TPM_ALG_ID.CFB } };
    expect(() => credentialProtector(rsaPublic(n, sm4))).toThrow(expect.objectContaining({ code: "UNSUPPORTED" }));
    await expect(makeCredential(nodeCrypto, rsaPublic(range(1, 64)), range(0, 34), range(0, 4))).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});
