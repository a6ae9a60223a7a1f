/**
 * Part 2, chapter 12: key/object complex. The public area (TPMT_PUBLIC and its
 * parameter and unique unions), the sensitive area (TPMT_SENSITIVE), and the
 * private and identity blobs. TPML_PUB_KEY (1.83, a list of TPM2B_PUBLIC) is here
 * because it needs TPM2B_PUBLIC.
 */
import { tpm2b } from "../codec/bytes.js";
import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { struct } from "../codec/struct.js";
import { tpm2bStruct } from "../codec/tpm2b-struct.js";
import { tpmi } from "../codec/tpmi.js";
import { tpml } from "../codec/tpml.js";
import { member, union } from "../codec/union.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import {
  TPM2B_ECC_PARAMETER,
  TPM2B_PRIVATE_KEY_RSA,
  TPM2B_PUBLIC_KEY_RSA,
  TPM2B_SENSITIVE_DATA,
  TPM2B_SYM_KEY,
  TPMI_ECC_CURVE,
  TPMI_RSA_KEY_BITS,
  TPMS_ECC_POINT,
  TPMS_SYMCIPHER_PARMS,
  TPMT_ASYM_SCHEME,
  TPMT_ECC_SCHEME,
  TPMT_KDF_SCHEME,
  TPMT_KEYEDHASH_SCHEME,
  TPMT_RSA_SCHEME,
  TPMT_SYM_DEF_OBJECT,
} from "./algorithm-parameters.js";
import { TPMA_OBJECT_CODEC } from "./attributes.js";
import { TPMI_ALG_HASH } from "./interface-types.js";
import { MAX_CAP_DATA, MAX_RSA_KEY_BYTES } from "./limits.js";
import { TPM2B_AUTH, TPM2B_DIGEST } from "./structures.js";
import { withPlus } from "./variants.js";

const A = TPM_ALG_ID;

/** TPMI_ALG_PUBLIC: the object types RSA, KEYEDHASH, ECC and SYMCIPHER. */
export const TPMI_ALG_PUBLIC = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_PUBLIC", 2, {
    values: [A.RSA, A.KEYEDHASH, A.ECC, A.SYMCIPHER],
  }),
);

/**
 * TPMU_PUBLIC_ID: the unique identifier of an object. (The `derive`
 * member, a TPMS_DERIVE that CreateLoaded reads in place of the unique field of a
 * derived object's template, is selected by the parent, not by `type`; marshal it
 * yourself into TPM2B_TEMPLATE.)
 */
export const TPMU_PUBLIC_ID = /* @__PURE__ */ lazy(() =>
  union("TPMU_PUBLIC_ID", {
    [A.KEYEDHASH]: member("keyedHash", TPM2B_DIGEST),
    [A.SYMCIPHER]: member("sym", TPM2B_DIGEST),
    [A.RSA]: member("rsa", TPM2B_PUBLIC_KEY_RSA),
    [A.ECC]: member("ecc", TPMS_ECC_POINT),
  }),
);

/** TPMS_KEYEDHASH_PARMS: the scheme of a keyed-hash object (+TPM_ALG_NULL). */
export const TPMS_KEYEDHASH_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_KEYEDHASH_PARMS", { scheme: TPMT_KEYEDHASH_SCHEME.plus }),
);

/** TPMS_ASYM_PARMS: the parameters common to asymmetric keys. */
export const TPMS_ASYM_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ASYM_PARMS", {
    symmetric: TPMT_SYM_DEF_OBJECT.plus,
    scheme: TPMT_ASYM_SCHEME.plus,
  }),
);

/** TPMS_RSA_PARMS: symmetric (+NULL), scheme (+NULL), keyBits, exponent (0 = 65537). */
export const TPMS_RSA_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_RSA_PARMS", {
    symmetric: TPMT_SYM_DEF_OBJECT.plus,
    scheme: TPMT_RSA_SCHEME.plus,
    keyBits: TPMI_RSA_KEY_BITS,
    exponent: UINT32,
  }),
);

/** TPMS_ECC_PARMS: symmetric (+NULL), scheme (+NULL), curveID, kdf (+NULL). */
export const TPMS_ECC_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ECC_PARMS", {
    symmetric: TPMT_SYM_DEF_OBJECT.plus,
    scheme: TPMT_ECC_SCHEME.plus,
    curveID: TPMI_ECC_CURVE,
    kdf: TPMT_KDF_SCHEME.plus,
  }),
);

/** TPMU_PUBLIC_PARMS: the algorithm parameters of an object, selected by its type. */
export const TPMU_PUBLIC_PARMS = /* @__PURE__ */ lazy(() =>
  union("TPMU_PUBLIC_PARMS", {
    [A.KEYEDHASH]: member("keyedHashDetail", TPMS_KEYEDHASH_PARMS),
    [A.SYMCIPHER]: member("symDetail", TPMS_SYMCIPHER_PARMS),
    [A.RSA]: member("rsaDetail", TPMS_RSA_PARMS),
    [A.ECC]: member("eccDetail", TPMS_ECC_PARMS),
  }),
);

/** TPMT_PUBLIC_PARMS: a type and its parameters (TestParms). */
export const TPMT_PUBLIC_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMT_PUBLIC_PARMS", {
    type: TPMI_ALG_PUBLIC,
    parameters: TPMU_PUBLIC_PARMS.selectedBy("type"),
  }),
);

/**
 * TPMT_PUBLIC: the public area of an object. `.plus` admits nameAlg
 * TPM_ALG_NULL (an external object with no Name, LoadExternal and ReadPublic).
 */
export const TPMT_PUBLIC = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_PUBLIC+" : "TPMT_PUBLIC", {
      type: TPMI_ALG_PUBLIC,
      nameAlg: plus ? TPMI_ALG_HASH.plus : TPMI_ALG_HASH,
      objectAttributes: TPMA_OBJECT_CODEC,
      authPolicy: TPM2B_DIGEST,
      parameters: TPMU_PUBLIC_PARMS.selectedBy("type"),
      unique: TPMU_PUBLIC_ID.selectedBy("type"),
    }),
  ),
);

/** TPM2B_PUBLIC: TPMT_PUBLIC in a sized buffer ({ publicArea }); `.plus` wraps TPMT_PUBLIC+. */
export const TPM2B_PUBLIC = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    tpm2bStruct(plus ? "TPM2B_PUBLIC+" : "TPM2B_PUBLIC", "publicArea", plus ? TPMT_PUBLIC.plus : TPMT_PUBLIC),
  ),
);

/** TPM2B_TEMPLATE: a marshalled TPMT_PUBLIC as octets, at most sizeof(TPMT_PUBLIC) = 612. */
export const TPM2B_TEMPLATE = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_TEMPLATE", 612));

/** TPML_PUB_KEY: TPM-held public keys (TPM_CAP_PUB_KEYS), at most MAX_CAP_DATA / sizeof(TPM2B_PUBLIC) = 1. */
export const TPML_PUB_KEY = /* @__PURE__ */ lazy(() =>
  tpml("TPML_PUB_KEY", TPM2B_PUBLIC, Math.floor(MAX_CAP_DATA / 616)),
);

/** TPM2B_PRIVATE_VENDOR_SPECIFIC: vendor key material, at most (MAX_RSA_KEY_BYTES / 2) * 5 = 1280. */
export const TPM2B_PRIVATE_VENDOR_SPECIFIC = /* @__PURE__ */ lazy(() =>
  tpm2b("TPM2B_PRIVATE_VENDOR_SPECIFIC", (MAX_RSA_KEY_BYTES / 2) * 5),
);

/** TPMU_SENSITIVE_COMPOSITE: the secret of an object, selected by its type. */
export const TPMU_SENSITIVE_COMPOSITE = /* @__PURE__ */ lazy(() =>
  union("TPMU_SENSITIVE_COMPOSITE", {
    [A.RSA]: member("rsa", TPM2B_PRIVATE_KEY_RSA),
    [A.ECC]: member("ecc", TPM2B_ECC_PARAMETER),
    [A.KEYEDHASH]: member("bits", TPM2B_SENSITIVE_DATA),
    [A.SYMCIPHER]: member("sym", TPM2B_SYM_KEY),
  }),
);

/** TPMT_SENSITIVE: the sensitive area of an object. */
export const TPMT_SENSITIVE = /* @__PURE__ */ lazy(() =>
  struct("TPMT_SENSITIVE", {
    sensitiveType: TPMI_ALG_PUBLIC,
    authValue: TPM2B_AUTH,
    seedValue: TPM2B_DIGEST,
    sensitive: TPMU_SENSITIVE_COMPOSITE.selectedBy("sensitiveType"),
  }),
);

/**
 * TPM2B_SENSITIVE: TPMT_SENSITIVE in a sized buffer ({ sensitiveArea }).
 * Size 0 means absent ({}), as LoadExternal's inPrivate allows.
 */
export const TPM2B_SENSITIVE = /* @__PURE__ */ lazy(() =>
  tpm2bStruct("TPM2B_SENSITIVE", "sensitiveArea", TPMT_SENSITIVE, { optional: true }),
);

/** _PRIVATE: the plaintext of a private blob: outer and inner integrity, then the sensitive area. */
export const _PRIVATE = /* @__PURE__ */ lazy(() =>
  struct("_PRIVATE", {
    integrityOuter: TPM2B_DIGEST,
    integrityInner: TPM2B_DIGEST,
    sensitive: TPM2B_SENSITIVE,
  }),
);

/** TPM2B_PRIVATE: an encrypted private blob as octets, at most sizeof(_PRIVATE) = 1550. */
export const TPM2B_PRIVATE = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_PRIVATE", 1550));

/**
 * TPMS_ID_OBJECT: a credential: integrityHMAC, then encIdentity. Part 2
 * encrypts encIdentity including its size field, so this codec describes the
 * layout before encryption; a credential blob from MakeCredential is read as
 * integrityHMAC followed by the remaining octets.
 */
export const TPMS_ID_OBJECT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ID_OBJECT", {
    integrityHMAC: TPM2B_DIGEST,
    encIdentity: TPM2B_DIGEST,
  }),
);

/** TPM2B_ID_OBJECT: a marshalled TPMS_ID_OBJECT as octets, at most sizeof(TPMS_ID_OBJECT) = 132. */
export const TPM2B_ID_OBJECT = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_ID_OBJECT", 132));
