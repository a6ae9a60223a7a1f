/**
 * Part 2, chapter 11: algorithm parameters and structures. Symmetric definitions
 * and sensitive creation data (11.1), asymmetric schemes, RSA and ECC parameters,
 * signatures and encrypted secrets (11.2, 11.3, 11.4).
 *
 * Each TPMT_ here whose selector Part 2 lets be conditional has a `.plus` form that
 * admits TPM_ALG_NULL (e.g. `TPMT_SIG_SCHEME.plus` for Sign's inScheme,
 * `TPMT_SIGNATURE.plus` for a response signed with TPM_RH_NULL). Union members
 * that no selector reaches (`anySig`, `any`, `sym`) are not modelled.
 */
import { fixedBytes, tpm2b } from "../codec/bytes.js";
import { lazy } from "../codec/lazy.js";
import { UINT16 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { struct } from "../codec/struct.js";
import { tpm2bStruct } from "../codec/tpm2b-struct.js";
import { tpmi } from "../codec/tpmi.js";
import { member, union } from "../codec/union.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_ECC_CURVE } from "../constants/tpm-ecc-curve.js";
import { TPM_ECC_CURVE_CODEC } from "./base-types.js";
import {
  TPMI_ALG_HASH,
  TPMI_ALG_KDF,
  TPMI_ALG_SIG_SCHEME,
  TPMI_ALG_SYM,
  TPMI_ALG_SYM_MODE,
  TPMI_ALG_SYM_OBJECT,
} from "./interface-types.js";
import { LABEL_MAX_BUFFER, MAX_ECC_KEY_BYTES, MAX_RSA_KEY_BYTES, MAX_SYM_DATA, MAX_SYM_KEY_BYTES } from "./limits.js";
import { TPM2B_AUTH, TPMS_EMPTY, TPMT_HA } from "./structures.js";
import { withPlus } from "./variants.js";

const A = TPM_ALG_ID;
const C = TPM_ECC_CURVE;

// ---- 11.1.1 symmetric key sizes ----

/** TPMI_AES_KEY_BITS: 128, 192 or 256. */
export const TPMI_AES_KEY_BITS = /* @__PURE__ */ lazy(() => tpmi("TPMI_AES_KEY_BITS", 2, { values: [128, 192, 256] }));
/** TPMI_SM4_KEY_BITS: 128. */
export const TPMI_SM4_KEY_BITS = /* @__PURE__ */ lazy(() => tpmi("TPMI_SM4_KEY_BITS", 2, { values: [128] }));
/** TPMI_CAMELLIA_KEY_BITS: 128, 192 or 256. */
export const TPMI_CAMELLIA_KEY_BITS = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_CAMELLIA_KEY_BITS", 2, { values: [128, 192, 256] }),
);

// ---- 11.1 symmetric ----

/** TPMU_SYM_KEY_BITS: the key size of the selected cipher; for XOR, the hash algorithm. */
export const TPMU_SYM_KEY_BITS = /* @__PURE__ */ lazy(() =>
  union("TPMU_SYM_KEY_BITS", {
    [A.AES]: member("aes", TPMI_AES_KEY_BITS),
    [A.SM4]: member("sm4", TPMI_SM4_KEY_BITS),
    [A.CAMELLIA]: member("camellia", TPMI_CAMELLIA_KEY_BITS),
    [A.XOR]: member("xor", TPMI_ALG_HASH),
    [A.NULL]: null,
  }),
);

/** TPMU_SYM_MODE: the block cipher mode (+TPM_ALG_NULL); XOR and NULL have none. */
export const TPMU_SYM_MODE = /* @__PURE__ */ lazy(() =>
  union("TPMU_SYM_MODE", {
    [A.AES]: member("aes", TPMI_ALG_SYM_MODE.plus),
    [A.SM4]: member("sm4", TPMI_ALG_SYM_MODE.plus),
    [A.CAMELLIA]: member("camellia", TPMI_ALG_SYM_MODE.plus),
    [A.XOR]: null,
    [A.NULL]: null,
  }),
);

/** TPMT_SYM_DEF: a symmetric algorithm, XOR included; `.plus` admits TPM_ALG_NULL (StartAuthSession). */
export const TPMT_SYM_DEF = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_SYM_DEF+" : "TPMT_SYM_DEF", {
      algorithm: plus ? TPMI_ALG_SYM.plus : TPMI_ALG_SYM,
      keyBits: TPMU_SYM_KEY_BITS.selectedBy("algorithm"),
      mode: TPMU_SYM_MODE.selectedBy("algorithm"),
    }),
  ),
);

/** TPMT_SYM_DEF_OBJECT: a block cipher for an object; `.plus` admits TPM_ALG_NULL. */
export const TPMT_SYM_DEF_OBJECT = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_SYM_DEF_OBJECT+" : "TPMT_SYM_DEF_OBJECT", {
      algorithm: plus ? TPMI_ALG_SYM_OBJECT.plus : TPMI_ALG_SYM_OBJECT,
      keyBits: TPMU_SYM_KEY_BITS.selectedBy("algorithm"),
      mode: TPMU_SYM_MODE.selectedBy("algorithm"),
    }),
  ),
);

/** TPM2B_SYM_KEY: a symmetric key, at most MAX_SYM_KEY_BYTES. */
export const TPM2B_SYM_KEY = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_SYM_KEY", MAX_SYM_KEY_BYTES));

/** TPMS_SYMCIPHER_PARMS: the parameters of a symmetric block cipher object (no NULL). */
export const TPMS_SYMCIPHER_PARMS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SYMCIPHER_PARMS", { sym: TPMT_SYM_DEF_OBJECT }),
);

/** TPM2B_LABEL: a label or context for a derived object, at most LABEL_MAX_BUFFER. */
export const TPM2B_LABEL = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_LABEL", LABEL_MAX_BUFFER));

/** TPMS_DERIVE: the label and context a derivation parent uses. */
export const TPMS_DERIVE = /* @__PURE__ */ lazy(() =>
  struct("TPMS_DERIVE", { label: TPM2B_LABEL, context: TPM2B_LABEL }),
);

/** TPM2B_DERIVE: a marshalled TPMS_DERIVE as octets, at most sizeof(TPMS_DERIVE) = 68. */
export const TPM2B_DERIVE = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_DERIVE", 68));

/** TPM2B_SENSITIVE_DATA: the data to seal, or a derivation label and context, at most MAX_SYM_DATA. */
export const TPM2B_SENSITIVE_DATA = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_SENSITIVE_DATA", MAX_SYM_DATA));

/** TPMS_SENSITIVE_CREATE: the authValue and data of an object to create. */
export const TPMS_SENSITIVE_CREATE = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SENSITIVE_CREATE", {
    userAuth: TPM2B_AUTH,
    data: TPM2B_SENSITIVE_DATA,
  }),
);

/** TPM2B_SENSITIVE_CREATE: TPMS_SENSITIVE_CREATE in a sized buffer ({ sensitive }). */
export const TPM2B_SENSITIVE_CREATE = /* @__PURE__ */ lazy(() =>
  tpm2bStruct("TPM2B_SENSITIVE_CREATE", "sensitive", TPMS_SENSITIVE_CREATE),
);

/** TPMS_SCHEME_HASH: a scheme that needs only a hash algorithm. */
export const TPMS_SCHEME_HASH = /* @__PURE__ */ lazy(() => struct("TPMS_SCHEME_HASH", { hashAlg: TPMI_ALG_HASH }));

/** TPMS_SCHEME_ECDAA: the ECDAA hash and the commit counter. */
export const TPMS_SCHEME_ECDAA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SCHEME_ECDAA", { hashAlg: TPMI_ALG_HASH, count: UINT16 }),
);

/** TPMI_ALG_KEYEDHASH_SCHEME: HMAC or XOR (+TPM_ALG_NULL). */
export const TPMI_ALG_KEYEDHASH_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_KEYEDHASH_SCHEME", 2, {
    values: [A.HMAC, A.XOR],
    conditional: A.NULL,
  }),
);

/** TPMS_SCHEME_HMAC: the HMAC hash (a TPMS_SCHEME_HASH). */
export const TPMS_SCHEME_HMAC = /* @__PURE__ */ lazy(() => renamed("TPMS_SCHEME_HMAC", TPMS_SCHEME_HASH));

/** TPMS_SCHEME_XOR: the XOR obfuscation hash and KDF (+TPM_ALG_NULL). */
export const TPMS_SCHEME_XOR = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SCHEME_XOR", { hashAlg: TPMI_ALG_HASH, kdf: TPMI_ALG_KDF.plus }),
);

/** TPMU_SCHEME_KEYEDHASH: the details of a keyed-hash scheme. */
export const TPMU_SCHEME_KEYEDHASH = /* @__PURE__ */ lazy(() =>
  union("TPMU_SCHEME_KEYEDHASH", {
    [A.HMAC]: member("hmac", TPMS_SCHEME_HMAC),
    [A.XOR]: member("xor", TPMS_SCHEME_XOR),
    [A.NULL]: null,
  }),
);

/** TPMT_KEYEDHASH_SCHEME: a keyed-hash scheme; `.plus` admits TPM_ALG_NULL. */
export const TPMT_KEYEDHASH_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_KEYEDHASH_SCHEME+" : "TPMT_KEYEDHASH_SCHEME", {
      scheme: plus ? TPMI_ALG_KEYEDHASH_SCHEME.plus : TPMI_ALG_KEYEDHASH_SCHEME,
      details: TPMU_SCHEME_KEYEDHASH.selectedBy("scheme"),
    }),
  ),
);

// ---- 11.2.1 signature schemes ----

/** TPMS_SIG_SCHEME_RSASSA: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_RSASSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_RSASSA", TPMS_SCHEME_HASH));
/** TPMS_SIG_SCHEME_RSAPSS: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_RSAPSS = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_RSAPSS", TPMS_SCHEME_HASH));
/** TPMS_SIG_SCHEME_ECDSA: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_ECDSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_ECDSA", TPMS_SCHEME_HASH));
/** TPMS_SIG_SCHEME_ECDAA: a TPMS_SCHEME_ECDAA. */
export const TPMS_SIG_SCHEME_ECDAA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_ECDAA", TPMS_SCHEME_ECDAA));
/** TPMS_SIG_SCHEME_SM2: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_SM2 = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_SM2", TPMS_SCHEME_HASH));
/** TPMS_SIG_SCHEME_ECSCHNORR: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_ECSCHNORR = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_SIG_SCHEME_ECSCHNORR", TPMS_SCHEME_HASH),
);
/** TPMS_SIG_SCHEME_EDDSA: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_EDDSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIG_SCHEME_EDDSA", TPMS_SCHEME_HASH));
/** TPMS_SIG_SCHEME_EDDSA_PH: a TPMS_SCHEME_HASH. */
export const TPMS_SIG_SCHEME_EDDSA_PH = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_SIG_SCHEME_EDDSA_PH", TPMS_SCHEME_HASH),
);

/** TPMU_SIG_SCHEME: the details of a signing scheme. */
export const TPMU_SIG_SCHEME = /* @__PURE__ */ lazy(() =>
  union("TPMU_SIG_SCHEME", {
    [A.HMAC]: member("hmac", TPMS_SCHEME_HMAC),
    [A.RSASSA]: member("rsassa", TPMS_SIG_SCHEME_RSASSA),
    [A.RSAPSS]: member("rsapss", TPMS_SIG_SCHEME_RSAPSS),
    [A.ECDSA]: member("ecdsa", TPMS_SIG_SCHEME_ECDSA),
    [A.ECDAA]: member("ecdaa", TPMS_SIG_SCHEME_ECDAA),
    [A.SM2]: member("sm2", TPMS_SIG_SCHEME_SM2),
    [A.ECSCHNORR]: member("ecschnorr", TPMS_SIG_SCHEME_ECSCHNORR),
    [A.EDDSA]: member("eddsa", TPMS_SIG_SCHEME_EDDSA),
    [A.EDDSA_PH]: member("eddsa_ph", TPMS_SIG_SCHEME_EDDSA_PH),
    [A.NULL]: null,
  }),
);

/** TPMT_SIG_SCHEME: a signing scheme; `.plus` admits TPM_ALG_NULL (use the key's scheme). */
export const TPMT_SIG_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_SIG_SCHEME+" : "TPMT_SIG_SCHEME", {
      scheme: plus ? TPMI_ALG_SIG_SCHEME.plus : TPMI_ALG_SIG_SCHEME,
      details: TPMU_SIG_SCHEME.selectedBy("scheme"),
    }),
  ),
);

// ---- 11.2.2 encryption schemes, 11.2.3 key exchange, KDF ----

/** TPMS_ENC_SCHEME_RSAES: RSAES-PKCS1-v1_5 needs no parameters (a TPMS_EMPTY). */
export const TPMS_ENC_SCHEME_RSAES = /* @__PURE__ */ lazy(() => renamed("TPMS_ENC_SCHEME_RSAES", TPMS_EMPTY));
/** TPMS_ENC_SCHEME_OAEP: the OAEP hash (a TPMS_SCHEME_HASH). */
export const TPMS_ENC_SCHEME_OAEP = /* @__PURE__ */ lazy(() => renamed("TPMS_ENC_SCHEME_OAEP", TPMS_SCHEME_HASH));
/** TPMS_KEY_SCHEME_ECDH: the ECDH KDF hash (a TPMS_SCHEME_HASH). */
export const TPMS_KEY_SCHEME_ECDH = /* @__PURE__ */ lazy(() => renamed("TPMS_KEY_SCHEME_ECDH", TPMS_SCHEME_HASH));
/** TPMS_KEY_SCHEME_ECMQV: the ECMQV KDF hash (a TPMS_SCHEME_HASH). */
export const TPMS_KEY_SCHEME_ECMQV = /* @__PURE__ */ lazy(() => renamed("TPMS_KEY_SCHEME_ECMQV", TPMS_SCHEME_HASH));
/** TPMS_KEY_SCHEME_SM2: the SM2 key exchange hash (a TPMS_SCHEME_HASH). */
export const TPMS_KEY_SCHEME_SM2 = /* @__PURE__ */ lazy(() => renamed("TPMS_KEY_SCHEME_SM2", TPMS_SCHEME_HASH));
/** TPMS_KDF_SCHEME_MGF1: a TPMS_SCHEME_HASH. */
export const TPMS_KDF_SCHEME_MGF1 = /* @__PURE__ */ lazy(() => renamed("TPMS_KDF_SCHEME_MGF1", TPMS_SCHEME_HASH));
/** TPMS_KDF_SCHEME_KDF1_SP800_56A: a TPMS_SCHEME_HASH. */
export const TPMS_KDF_SCHEME_KDF1_SP800_56A = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_KDF_SCHEME_KDF1_SP800_56A", TPMS_SCHEME_HASH),
);
/** TPMS_KDF_SCHEME_KDF2: a TPMS_SCHEME_HASH. */
export const TPMS_KDF_SCHEME_KDF2 = /* @__PURE__ */ lazy(() => renamed("TPMS_KDF_SCHEME_KDF2", TPMS_SCHEME_HASH));
/** TPMS_KDF_SCHEME_KDF1_SP800_108: a TPMS_SCHEME_HASH. */
export const TPMS_KDF_SCHEME_KDF1_SP800_108 = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_KDF_SCHEME_KDF1_SP800_108", TPMS_SCHEME_HASH),
);

/** TPMU_KDF_SCHEME: the hash of the selected key derivation function. */
export const TPMU_KDF_SCHEME = /* @__PURE__ */ lazy(() =>
  union("TPMU_KDF_SCHEME", {
    [A.MGF1]: member("mgf1", TPMS_KDF_SCHEME_MGF1),
    [A.KDF1_SP800_56A]: member("kdf1_sp800_56a", TPMS_KDF_SCHEME_KDF1_SP800_56A),
    [A.KDF2]: member("kdf2", TPMS_KDF_SCHEME_KDF2),
    [A.KDF1_SP800_108]: member("kdf1_sp800_108", TPMS_KDF_SCHEME_KDF1_SP800_108),
    [A.NULL]: null,
  }),
);

/** TPMT_KDF_SCHEME: a key derivation function; `.plus` admits TPM_ALG_NULL. */
export const TPMT_KDF_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_KDF_SCHEME+" : "TPMT_KDF_SCHEME", {
      scheme: plus ? TPMI_ALG_KDF.plus : TPMI_ALG_KDF,
      details: TPMU_KDF_SCHEME.selectedBy("scheme"),
    }),
  ),
);

/** TPMI_ALG_ASYM_SCHEME: any asymmetric signing, encryption or key exchange scheme (+TPM_ALG_NULL). */
export const TPMI_ALG_ASYM_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_ASYM_SCHEME", 2, {
    values: [
      A.RSASSA,
      A.RSAES,
      A.RSAPSS,
      A.OAEP,
      A.ECDSA,
      A.ECDH,
      A.ECDAA,
      A.SM2,
      A.ECSCHNORR,
      A.ECMQV,
      A.EDDSA,
      A.EDDSA_PH,
    ],
    conditional: A.NULL,
  }),
);

/** TPMU_ASYM_SCHEME: the details of an asymmetric scheme. */
export const TPMU_ASYM_SCHEME = /* @__PURE__ */ lazy(() =>
  union("TPMU_ASYM_SCHEME", {
    [A.ECDH]: member("ecdh", TPMS_KEY_SCHEME_ECDH),
    [A.ECMQV]: member("ecmqv", TPMS_KEY_SCHEME_ECMQV),
    [A.SM2]: member("sm2", TPMS_KEY_SCHEME_SM2),
    [A.RSASSA]: member("rsassa", TPMS_SIG_SCHEME_RSASSA),
    [A.RSAPSS]: member("rsapss", TPMS_SIG_SCHEME_RSAPSS),
    [A.ECDSA]: member("ecdsa", TPMS_SIG_SCHEME_ECDSA),
    [A.ECDAA]: member("ecdaa", TPMS_SIG_SCHEME_ECDAA),
    [A.ECSCHNORR]: member("ecschnorr", TPMS_SIG_SCHEME_ECSCHNORR),
    [A.EDDSA]: member("eddsa", TPMS_SIG_SCHEME_EDDSA),
    [A.EDDSA_PH]: member("eddsa_ph", TPMS_SIG_SCHEME_EDDSA_PH),
    [A.RSAES]: member("rsaes", TPMS_ENC_SCHEME_RSAES),
    [A.OAEP]: member("oaep", TPMS_ENC_SCHEME_OAEP),
    [A.NULL]: null,
  }),
);

/** TPMT_ASYM_SCHEME: an asymmetric scheme; `.plus` admits TPM_ALG_NULL. */
export const TPMT_ASYM_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_ASYM_SCHEME+" : "TPMT_ASYM_SCHEME", {
      scheme: plus ? TPMI_ALG_ASYM_SCHEME.plus : TPMI_ALG_ASYM_SCHEME,
      details: TPMU_ASYM_SCHEME.selectedBy("scheme"),
    }),
  ),
);

// ---- 11.2.4 RSA ----

/** TPMI_ALG_RSA_SCHEME: RSASSA, RSAES, RSAPSS or OAEP (+TPM_ALG_NULL). */
export const TPMI_ALG_RSA_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_RSA_SCHEME", 2, {
    values: [A.RSASSA, A.RSAES, A.RSAPSS, A.OAEP],
    conditional: A.NULL,
  }),
);

/** TPMT_RSA_SCHEME: the scheme of an RSA key; `.plus` admits TPM_ALG_NULL. */
export const TPMT_RSA_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_RSA_SCHEME+" : "TPMT_RSA_SCHEME", {
      scheme: plus ? TPMI_ALG_RSA_SCHEME.plus : TPMI_ALG_RSA_SCHEME,
      details: TPMU_ASYM_SCHEME.selectedBy("scheme"),
    }),
  ),
);

/** TPMI_ALG_RSA_DECRYPT: RSAES or OAEP (+TPM_ALG_NULL). */
export const TPMI_ALG_RSA_DECRYPT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_RSA_DECRYPT", 2, {
    values: [A.RSAES, A.OAEP],
    conditional: A.NULL,
  }),
);

/** TPMT_RSA_DECRYPT: the padding of RSA_Encrypt/RSA_Decrypt; `.plus` admits TPM_ALG_NULL. */
export const TPMT_RSA_DECRYPT = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_RSA_DECRYPT+" : "TPMT_RSA_DECRYPT", {
      scheme: plus ? TPMI_ALG_RSA_DECRYPT.plus : TPMI_ALG_RSA_DECRYPT,
      details: TPMU_ASYM_SCHEME.selectedBy("scheme"),
    }),
  ),
);

/** TPM2B_PUBLIC_KEY_RSA: an RSA modulus (or signature), at most MAX_RSA_KEY_BYTES. */
export const TPM2B_PUBLIC_KEY_RSA = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_PUBLIC_KEY_RSA", MAX_RSA_KEY_BYTES));

/** TPMI_RSA_KEY_BITS: 1024, 2048, 3072, 4096 or 16384 bits, as the 1.83 reference lists them. */
export const TPMI_RSA_KEY_BITS = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RSA_KEY_BITS", 2, { values: [1024, 2048, 3072, 4096, 16384] }),
);

/**
 * TPM2B_PRIVATE_KEY_RSA: an RSA prime, at most MAX_RSA_KEY_BYTES / 2 = 256 octets as
 * the libtss2-mu on this system sizes it (newer tpm2-tss and the reference code
 * allow five CRT values, 1280 octets).
 */
export const TPM2B_PRIVATE_KEY_RSA = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_PRIVATE_KEY_RSA", MAX_RSA_KEY_BYTES / 2));

// ---- 11.2.5 ECC ----

/** TPM2B_ECC_PARAMETER: an ECC coordinate or scalar, at most MAX_ECC_KEY_BYTES. */
export const TPM2B_ECC_PARAMETER = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_ECC_PARAMETER", MAX_ECC_KEY_BYTES));

/** TPMS_ECC_POINT: an affine point (x, y). */
export const TPMS_ECC_POINT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ECC_POINT", { x: TPM2B_ECC_PARAMETER, y: TPM2B_ECC_PARAMETER }),
);

/**
 * TPM2B_ECC_POINT: a TPMS_ECC_POINT in a sized buffer ({ point }). `.optional`
 * is the form whose size 0 means "no point" (Commit's P1).
 */
export const TPM2B_ECC_POINT = /* @__PURE__ */ lazy(() =>
  Object.assign(tpm2bStruct("TPM2B_ECC_POINT", "point", TPMS_ECC_POINT), {
    optional: tpm2bStruct("TPM2B_ECC_POINT", "point", TPMS_ECC_POINT, { optional: true }),
  }),
);

/** TPMI_ALG_ECC_SCHEME: an ECC signing or key exchange scheme (+TPM_ALG_NULL). */
export const TPMI_ALG_ECC_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_ECC_SCHEME", 2, {
    values: [A.ECDSA, A.ECDH, A.ECDAA, A.SM2, A.ECSCHNORR, A.ECMQV, A.EDDSA, A.EDDSA_PH],
    conditional: A.NULL,
  }),
);

/** TPMI_ECC_CURVE: a curve of the TCG Algorithm Registry (+TPM_ECC_NONE). */
export const TPMI_ECC_CURVE = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ECC_CURVE", 2, {
    values: [
      C.NIST_P192,
      C.NIST_P224,
      C.NIST_P256,
      C.NIST_P384,
      C.NIST_P521,
      C.BN_P256,
      C.BN_P638,
      C.SM2_P256,
      C.BP_P256_R1,
      C.BP_P384_R1,
      C.BP_P512_R1,
      C.CURVE_25519,
      C.CURVE_448,
    ],
    conditional: C.NONE,
  }),
);

/** TPMT_ECC_SCHEME: the scheme of an ECC key; `.plus` admits TPM_ALG_NULL. */
export const TPMT_ECC_SCHEME = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_ECC_SCHEME+" : "TPMT_ECC_SCHEME", {
      scheme: plus ? TPMI_ALG_ECC_SCHEME.plus : TPMI_ALG_ECC_SCHEME,
      details: TPMU_ASYM_SCHEME.selectedBy("scheme"),
    }),
  ),
);

/** TPMS_ALGORITHM_DETAIL_ECC: a curve's parameters, as ECC_Parameters returns them. */
export const TPMS_ALGORITHM_DETAIL_ECC = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ALGORITHM_DETAIL_ECC", {
    curveID: TPM_ECC_CURVE_CODEC,
    keySize: UINT16,
    kdf: TPMT_KDF_SCHEME.plus,
    sign: TPMT_ECC_SCHEME.plus,
    p: TPM2B_ECC_PARAMETER,
    a: TPM2B_ECC_PARAMETER,
    b: TPM2B_ECC_PARAMETER,
    gX: TPM2B_ECC_PARAMETER,
    gY: TPM2B_ECC_PARAMETER,
    n: TPM2B_ECC_PARAMETER,
    h: TPM2B_ECC_PARAMETER,
  }),
);

// ---- 11.3 signatures ----

/** TPMS_SIGNATURE_RSA: an RSA signature and its hash. */
export const TPMS_SIGNATURE_RSA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SIGNATURE_RSA", { hash: TPMI_ALG_HASH, sig: TPM2B_PUBLIC_KEY_RSA }),
);
/** TPMS_SIGNATURE_RSASSA: a TPMS_SIGNATURE_RSA. */
export const TPMS_SIGNATURE_RSASSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_RSASSA", TPMS_SIGNATURE_RSA));
/** TPMS_SIGNATURE_RSAPSS: a TPMS_SIGNATURE_RSA. */
export const TPMS_SIGNATURE_RSAPSS = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_RSAPSS", TPMS_SIGNATURE_RSA));

/** TPMS_SIGNATURE_ECC: an ECC signature (R, S) and its hash. */
export const TPMS_SIGNATURE_ECC = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SIGNATURE_ECC", {
    hash: TPMI_ALG_HASH,
    signatureR: TPM2B_ECC_PARAMETER,
    signatureS: TPM2B_ECC_PARAMETER,
  }),
);
/** TPMS_SIGNATURE_ECDSA: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_ECDSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_ECDSA", TPMS_SIGNATURE_ECC));
/** TPMS_SIGNATURE_ECDAA: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_ECDAA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_ECDAA", TPMS_SIGNATURE_ECC));
/** TPMS_SIGNATURE_SM2: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_SM2 = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_SM2", TPMS_SIGNATURE_ECC));
/** TPMS_SIGNATURE_ECSCHNORR: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_ECSCHNORR = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_SIGNATURE_ECSCHNORR", TPMS_SIGNATURE_ECC),
);
/** TPMS_SIGNATURE_EDDSA: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_EDDSA = /* @__PURE__ */ lazy(() => renamed("TPMS_SIGNATURE_EDDSA", TPMS_SIGNATURE_ECC));
/** TPMS_SIGNATURE_EDDSA_PH: a TPMS_SIGNATURE_ECC. */
export const TPMS_SIGNATURE_EDDSA_PH = /* @__PURE__ */ lazy(() =>
  renamed("TPMS_SIGNATURE_EDDSA_PH", TPMS_SIGNATURE_ECC),
);

/** TPMU_SIGNATURE: a signature of the selected scheme; an HMAC is a TPMT_HA. */
export const TPMU_SIGNATURE = /* @__PURE__ */ lazy(() =>
  union("TPMU_SIGNATURE", {
    [A.HMAC]: member("hmac", TPMT_HA),
    [A.RSASSA]: member("rsassa", TPMS_SIGNATURE_RSASSA),
    [A.RSAPSS]: member("rsapss", TPMS_SIGNATURE_RSAPSS),
    [A.ECDSA]: member("ecdsa", TPMS_SIGNATURE_ECDSA),
    [A.ECDAA]: member("ecdaa", TPMS_SIGNATURE_ECDAA),
    [A.SM2]: member("sm2", TPMS_SIGNATURE_SM2),
    [A.ECSCHNORR]: member("ecschnorr", TPMS_SIGNATURE_ECSCHNORR),
    [A.EDDSA]: member("eddsa", TPMS_SIGNATURE_EDDSA),
    [A.EDDSA_PH]: member("eddsa_ph", TPMS_SIGNATURE_EDDSA_PH),
    [A.NULL]: null,
  }),
);

/** TPMT_SIGNATURE: a signature; `.plus` admits TPM_ALG_NULL (signed by TPM_RH_NULL). */
export const TPMT_SIGNATURE = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_SIGNATURE+" : "TPMT_SIGNATURE", {
      sigAlg: plus ? TPMI_ALG_SIG_SCHEME.plus : TPMI_ALG_SIG_SCHEME,
      signature: TPMU_SIGNATURE.selectedBy("sigAlg"),
    }),
  ),
);

// ---- 11.4 key/secret exchange ----

/**
 * TPMU_ENCRYPTED_SECRET: sizes the encrypted seed of each object type (sizeof in
 * tpm2-tss: a TPMS_ECC_POINT, an RSA modulus, a TPM2B_DIGEST). No structure selects
 * it on the wire; TPM2B_ENCRYPTED_SECRET carries the octets.
 */
export const TPMU_ENCRYPTED_SECRET = /* @__PURE__ */ lazy(() =>
  union("TPMU_ENCRYPTED_SECRET", {
    [A.ECC]: member("ecc", fixedBytes("BYTE[sizeof(TPMS_ECC_POINT)]", 2 * (2 + MAX_ECC_KEY_BYTES))),
    [A.RSA]: member("rsa", fixedBytes("BYTE[MAX_RSA_KEY_BYTES]", MAX_RSA_KEY_BYTES)),
    [A.SYMCIPHER]: member("symmetric", fixedBytes("BYTE[sizeof(TPM2B_DIGEST)]", 2 + 64)),
    [A.KEYEDHASH]: member("keyedHash", fixedBytes("BYTE[sizeof(TPM2B_DIGEST)]", 2 + 64)),
  }),
);

/** TPM2B_ENCRYPTED_SECRET: an encrypted seed, at most sizeof(TPMU_ENCRYPTED_SECRET) = 512 octets. */
export const TPM2B_ENCRYPTED_SECRET = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_ENCRYPTED_SECRET", MAX_RSA_KEY_BYTES));
