/**
 * Part 2, chapter 8: attribute structures (TPMA_). The bit constants are in
 * `constants/` under the specification's names; these are their codecs. Each
 * `definedMask` holds the bits the specification defines (through 1.83); reserved
 * bits are kept when reading and never set when sampling.
 */
import { attributes } from "../codec/attributes.js";
import { lazy } from "../codec/lazy.js";

/** TPMA_ALGORITHM: asymmetric, symmetric, hash, object, signing, encrypting, method. */
export const TPMA_ALGORITHM_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_ALGORITHM", 4, 0x0000070f));

/**
 * TPMA_OBJECT: fixedTPM (1), stClear (2), fixedFirmware (3, 1.83), fixedParent (4),
 * sensitiveDataOrigin (5), userWithAuth (6), adminWithPolicy (7), firmwareLimited (8, 1.83),
 * svnLimited (9, 1.83), noDA (10), encryptedDuplication (11), restricted (16), decrypt (17),
 * sign/encrypt (18), x509sign (19), as the 1.83 reference implementation defines them.
 */
export const TPMA_OBJECT_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_OBJECT", 4, 0x000f0ffe));

/** TPMA_SESSION: continueSession, auditExclusive, auditReset, decrypt, encrypt, audit. */
export const TPMA_SESSION_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_SESSION", 1, 0xe7));

/** TPMA_LOCALITY: TPM_LOC_ZERO..TPM_LOC_FOUR and the 3-bit Extended field: all 8 bits. */
export const TPMA_LOCALITY_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_LOCALITY", 1, 0xff));

/** TPMA_PERMANENT: ownerAuthSet, endorsementAuthSet, lockoutAuthSet, disableClear, inLockout, tpmGeneratedEPS. */
export const TPMA_PERMANENT_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_PERMANENT", 4, 0x00000707));

/** TPMA_STARTUP_CLEAR: phEnable, shEnable, ehEnable, phEnableNV, readOnly (1.83), orderly. */
export const TPMA_STARTUP_CLEAR_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_STARTUP_CLEAR", 4, 0x8000001f));

/** TPMA_MEMORY: sharedRAM, sharedNV, objectCopiedToRam. */
export const TPMA_MEMORY_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_MEMORY", 4, 0x00000007));

/**
 * TPMA_CC: commandIndex (15:0), nv (22), extensive (23), flushed (24),
 * cHandles (27:25), rHandle (28), V (29). Bits 31:30 (Res) are for software use.
 */
export const TPMA_CC_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_CC", 4, 0x3fc0ffff));

/** TPMA_MODES: FIPS_140_2, FIPS_140_3 and the 2-bit FIPS_140_3_INDICATOR (1.83). */
export const TPMA_MODES_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_MODES", 4, 0x0000000f));

/** TPMA_X509_KEY_USAGE: decipherOnly (23) .. digitalSignature (31), as X.509 orders them. */
export const TPMA_X509_KEY_USAGE_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_X509_KEY_USAGE", 4, 0xff800000));

/** TPMA_ACT: signaled, preserveSignaled. */
export const TPMA_ACT_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_ACT", 4, 0x00000003));
