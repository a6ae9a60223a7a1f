/**
 * TPM objects whose secrets a test knows, as LoadExternal takes them (a public
 * area and a sensitive area): an HMAC key, an AES key, a node:crypto RSA key
 * pair; and an ECDAA signing template. What the TPM computes with them can be
 * recomputed with node:crypto.
 */
import { createHash, type KeyObject } from "node:crypto";
import { TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT } from "@tss/marshal";

const empty = new Uint8Array(0);
const nullScheme = { scheme: TPM_ALG_ID.NULL, details: {} };
const nullSym = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const u8 = (b: Uint8Array) => new Uint8Array(b);

/** A public area and its sensitive area, for TPM2_LoadExternal. */
export interface KnownObject {
  readonly publicArea: unknown;
  readonly sensitiveArea: unknown;
}

/** The unique field of a keyed-hash or symmetric object: H_nameAlg(seedValue || key) (Part 1, 27.7.3). */
function uniqueOf(seed: Uint8Array, key: Uint8Array): Uint8Array {
  return u8(createHash("sha256").update(seed).update(key).digest());
}

/** An HMAC key (keyed hash, HMAC-`hashAlg` scheme, signing) with password `password`. */
export function hmacKeyObject(key: Uint8Array, password: string, hashAlg: number): KnownObject {
  const seed = new Uint8Array(32).fill(0x5a);
  return {
    publicArea: {
      type: TPM_ALG_ID.KEYEDHASH,
      nameAlg: TPM_ALG_ID.SHA256,
      objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
      authPolicy: empty,
      parameters: { keyedHashDetail: { scheme: { scheme: TPM_ALG_ID.HMAC, details: { hmac: { hashAlg } } } } },
      unique: { keyedHash: uniqueOf(seed, key) },
    },
    sensitiveArea: {
      sensitiveType: TPM_ALG_ID.KEYEDHASH,
      authValue: new TextEncoder().encode(password),
      seedValue: seed,
      sensitive: { bits: key },
    },
  };
}

/** An AES-CFB encryption/decryption key of `key.length` bytes with password `password`. */
export function aesKeyObject(key: Uint8Array, password: string): KnownObject {
  const seed = new Uint8Array(32).fill(0xa5);
  return {
    publicArea: {
      type: TPM_ALG_ID.SYMCIPHER,
      nameAlg: TPM_ALG_ID.SHA256,
      objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.decrypt | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
      authPolicy: empty,
      parameters: {
        symDetail: {
          sym: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: key.length * 8 }, mode: { aes: TPM_ALG_ID.CFB } },
        },
      },
      unique: { sym: uniqueOf(seed, key) },
    },
    sensitiveArea: {
      sensitiveType: TPM_ALG_ID.SYMCIPHER,
      authValue: new TextEncoder().encode(password),
      seedValue: seed,
      sensitive: { sym: key },
    },
  };
}

/** A node:crypto RSA key pair as an unrestricted decryption and signing key with a NULL scheme. */
export function rsaKeyPairObject(privateKey: KeyObject, password: string): KnownObject {
  const jwk = privateKey.export({ format: "jwk" });
  const b = (s: string | undefined) => u8(Buffer.from(s!, "base64url"));
  const n = b(jwk.n);
  return {
    publicArea: {
      type: TPM_ALG_ID.RSA,
      nameAlg: TPM_ALG_ID.SHA256,
      objectAttributes: TPMA_OBJECT.decrypt | TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
      authPolicy: empty,
      parameters: { rsaDetail: { symmetric: nullSym, scheme: nullScheme, keyBits: n.length * 8, exponent: 0 } },
      unique: { rsa: n },
    },
    sensitiveArea: {
      sensitiveType: TPM_ALG_ID.RSA,
      authValue: new TextEncoder().encode(password),
      seedValue: empty,
      sensitive: { rsa: b(jwk.p) },
    },
  };
}

/** An ECDAA signing key template on BN P-256 (for CreatePrimary; Commit needs an anonymous scheme). */
export function ecdaaKeyTemplate() {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes:
      TPMA_OBJECT.sign |
      TPMA_OBJECT.userWithAuth |
      TPMA_OBJECT.noDA |
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.sensitiveDataOrigin,
    authPolicy: empty,
    parameters: {
      eccDetail: {
        symmetric: nullSym,
        scheme: { scheme: TPM_ALG_ID.ECDAA, details: { ecdaa: { hashAlg: TPM_ALG_ID.SHA256, count: 0 } } },
        curveID: TPM_ECC_CURVE.BN_P256,
        kdf: nullScheme,
      },
    },
    unique: { ecc: { x: empty, y: empty } },
  };
}
