// Public-area templates for the regression suites, written from Part 2's
// TPMT_PUBLIC (values, not marshalled bytes: the codecs marshal them).
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";

/** TPMA_OBJECT bits used here (Part 2, 8.3). */
export const OBJ = {
  fixedTPM: 0x00000002,
  fixedParent: 0x00000010,
  sensitiveDataOrigin: 0x00000020,
  userWithAuth: 0x00000040,
  noDA: 0x00000400,
  restricted: 0x00010000,
  decrypt: 0x00020000,
  sign: 0x00040000,
} as const;

const empty = new Uint8Array(0);
const aes128cfb = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const nullScheme = { scheme: TPM_ALG_ID.NULL, details: {} };

/** An RSA restricted decryption (storage) key: a parent, and a salting tpmKey. */
export function rsaStorageKey(keyBits = 2048, nameAlg: number = TPM_ALG_ID.SHA256) {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg,
    objectAttributes:
      OBJ.fixedTPM |
      OBJ.fixedParent |
      OBJ.sensitiveDataOrigin |
      OBJ.userWithAuth |
      OBJ.noDA |
      OBJ.restricted |
      OBJ.decrypt,
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
      OBJ.fixedTPM |
      OBJ.fixedParent |
      OBJ.sensitiveDataOrigin |
      OBJ.userWithAuth |
      OBJ.noDA |
      OBJ.restricted |
      OBJ.decrypt,
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
    objectAttributes: OBJ.fixedTPM | OBJ.fixedParent | OBJ.sensitiveDataOrigin | OBJ.userWithAuth | OBJ.noDA | OBJ.sign,
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
    objectAttributes: OBJ.fixedTPM | OBJ.fixedParent | OBJ.sensitiveDataOrigin | OBJ.userWithAuth | OBJ.noDA | OBJ.sign,
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
    objectAttributes: OBJ.fixedTPM | OBJ.fixedParent | OBJ.noDA | (authPolicy.length ? 0 : OBJ.userWithAuth),
    authPolicy,
    parameters: { keyedHashDetail: { scheme: nullScheme } },
    unique: { keyedHash: empty },
  };
}

/** TPMA_NV bits used here (Part 2, 13.4). */
export const NV = {
  AUTHWRITE: 0x00000004,
  POLICYWRITE: 0x00000008,
  WRITEDEFINE: 0x00002000,
  AUTHREAD: 0x00040000,
  POLICYREAD: 0x00080000,
  NO_DA: 0x02000000,
  READ_STCLEAR: 0x80000000,
  READLOCKED: 0x10000000,
  WRITELOCKED: 0x00000800,
  WRITTEN: 0x20000000,
} as const;

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
    attributes: (NV.AUTHWRITE | NV.AUTHREAD | NV.NO_DA | extra) >>> 0,
    authPolicy,
    dataSize,
  };
}
