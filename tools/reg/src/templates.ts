// Public-area templates for the regression suites and the soak, written from Part 2's
// TPMT_PUBLIC (values, not marshalled bytes: the codecs marshal them).
import { TPM_ALG_ID, TPM_ECC_CURVE, TPMA_NV, TPMA_OBJECT } from "@tss/marshal";

const empty = new Uint8Array(0);
const aes128cfb = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const nullScheme = { scheme: TPM_ALG_ID.NULL, details: {} };

/** An RSA restricted decryption (storage) key: a parent, and a salting tpmKey. */
export function rsaStorageKey(keyBits = 2048, nameAlg: number = TPM_ALG_ID.SHA256) {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg,
    objectAttributes:
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.sensitiveDataOrigin |
      TPMA_OBJECT.userWithAuth |
      TPMA_OBJECT.noDA |
      TPMA_OBJECT.restricted |
      TPMA_OBJECT.decrypt,
    authPolicy: empty,
    parameters: { rsaDetail: { symmetric: aes128cfb, scheme: nullScheme, keyBits, exponent: 0 } },
    unique: { rsa: empty },
  };
}

/** An ECC restricted decryption (storage) key on a NIST curve. */
export function eccStorageKey(curveID: number = TPM_ECC_CURVE.NIST_P256, nameAlg: number = TPM_ALG_ID.SHA256) {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg,
    objectAttributes:
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.sensitiveDataOrigin |
      TPMA_OBJECT.userWithAuth |
      TPMA_OBJECT.noDA |
      TPMA_OBJECT.restricted |
      TPMA_OBJECT.decrypt,
    authPolicy: empty,
    parameters: { eccDetail: { symmetric: aes128cfb, scheme: nullScheme, curveID, kdf: nullScheme } },
    unique: { ecc: { x: empty, y: empty } },
  };
}

/** An RSA signing key (RSASSA with SHA-256). */
export function rsaSigningKey(keyBits = 2048) {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes:
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.sensitiveDataOrigin |
      TPMA_OBJECT.userWithAuth |
      TPMA_OBJECT.noDA |
      TPMA_OBJECT.sign,
    authPolicy: empty,
    parameters: {
      rsaDetail: {
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        scheme: { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: TPM_ALG_ID.SHA256 } } },
        keyBits,
        exponent: 0,
      },
    },
    unique: { rsa: empty },
  };
}

/** An ECDSA P-256 signing key. */
export function eccSigningKey() {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes:
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.sensitiveDataOrigin |
      TPMA_OBJECT.userWithAuth |
      TPMA_OBJECT.noDA |
      TPMA_OBJECT.sign,
    authPolicy: empty,
    parameters: {
      eccDetail: {
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
        curveID: TPM_ECC_CURVE.NIST_P256,
        kdf: nullScheme,
      },
    },
    unique: { ecc: { x: empty, y: empty } },
  };
}

/** A sealed data object (keyedHash, no scheme) with optional policy. */
export function sealedData(authPolicy: Uint8Array = empty, nameAlg: number = TPM_ALG_ID.SHA256) {
  return {
    type: TPM_ALG_ID.KEYEDHASH,
    nameAlg,
    objectAttributes:
      TPMA_OBJECT.fixedTPM |
      TPMA_OBJECT.fixedParent |
      TPMA_OBJECT.noDA |
      (authPolicy.length ? 0 : TPMA_OBJECT.userWithAuth),
    authPolicy,
    parameters: { keyedHashDetail: { scheme: nullScheme } },
    unique: { keyedHash: empty },
  };
}

/** An ordinary NV index readable and writable with its auth value. */
export function ordinaryNvIndex(
  nvIndex: number,
  dataSize: number,
  extra = 0,
  nameAlg: number = TPM_ALG_ID.SHA256,
  authPolicy: Uint8Array = empty,
) {
  return {
    nvIndex,
    nameAlg,
    attributes: (TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA | extra) >>> 0,
    authPolicy,
    dataSize,
  };
}
