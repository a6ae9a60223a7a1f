/** The key templates the page creates: an ECC P-256 storage primary, a signing key and an attestation key. */
import { TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT } from "@tss/marshal";

const empty = new Uint8Array(0);
const BASE =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.userWithAuth |
  TPMA_OBJECT.noDA;
const NO_SYMMETRIC = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const NO_KDF = { scheme: TPM_ALG_ID.NULL, details: {} };
const ECDSA_SHA256 = { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } };
const NO_POINT = { ecc: { x: empty, y: empty } };

/** An ECC P-256 restricted decryption key (AES-128-CFB): the parent of the page's keys and the salt key of its sessions. */
export const STORAGE_PRIMARY = {
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: BASE | TPMA_OBJECT.restricted | TPMA_OBJECT.decrypt,
  authPolicy: empty,
  parameters: {
    eccDetail: {
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
      curveID: TPM_ECC_CURVE.NIST_P256,
      kdf: NO_KDF,
    },
  },
  unique: NO_POINT,
};

/** An ECC P-256 ECDSA/SHA-256 signing key; restricted (an attestation key) or not. */
export function eccSigningKey(restricted: boolean) {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: BASE | TPMA_OBJECT.sign | (restricted ? TPMA_OBJECT.restricted : 0),
    authPolicy: empty,
    parameters: {
      eccDetail: { symmetric: NO_SYMMETRIC, scheme: ECDSA_SHA256, curveID: TPM_ECC_CURVE.NIST_P256, kdf: NO_KDF },
    },
    unique: NO_POINT,
  };
}

/** The ECDSA/SHA-256 signature scheme of Sign and Quote. */
export const ECDSA_SHA256_SCHEME = ECDSA_SHA256;
