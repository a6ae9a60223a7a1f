/**
 * Part 2, chapter 9: interface types (TPMI_). Each restricts a base type to the
 * values the specification allows; `.plus` admits the conditional value that
 * Part 2 writes with a leading "+" (`+TPM_RH_NULL`, `+TPM_ALG_NULL`, `+TPM_RS_PW`).
 *
 * The value sets follow Library revision 1.83 as its reference implementation
 * generates them. Where 1.83 made TPM_RH_NULL a plain member (TPMI_RH_HIERARCHY,
 * TPMI_DH_PARENT) `.plus` admits nothing more. Algorithms whose parameter
 * structures Part 2 does not yet define (TPM_ALG_LMS, TPM_ALG_XMSS) are left out.
 * Handle ranges cover the whole handle type (a TSS cannot know the TPM's
 * MAX_LOADED_OBJECTS or MAX_ACTIVE_SESSIONS); PCR handles go to PCR 31, the last
 * PCR a 4-octet TPMS_PCR_SELECTION can name. TPMI_YES_NO is in the codec engine
 * (`codec/primitives.ts`), as a boolean.
 */

import { lazy } from "../codec/lazy.js";
import type { ValueRange } from "../codec/tpmi.js";
import { tpmi } from "../codec/tpmi.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_RH, TPM_RS } from "../constants/tpm-rh.js";
import { TPM_ST } from "../constants/tpm-st.js";

const A = TPM_ALG_ID;
const RH = TPM_RH;

/** The handles of one handle type: `0xHH000000` to `0xHHFFFFFF`. */
function handleTypeRange(ht: number): ValueRange {
  return { first: ht * 0x1000000, last: ht * 0x1000000 + 0xffffff };
}

/** PCR handles: PCR 0 to PCR 31 (PCR_FIRST..PCR_LAST for 32 PCRs). */
export const PCR_HANDLE_RANGE: ValueRange = { first: 0x00000000, last: 0x0000001f };
/** HMAC session handles (TPM_HT_HMAC_SESSION 0x02). */
export const HMAC_SESSION_RANGE: ValueRange = handleTypeRange(0x02);
/** Policy session handles (TPM_HT_POLICY_SESSION 0x03). */
export const POLICY_SESSION_RANGE: ValueRange = handleTypeRange(0x03);
/** Transient object handles (TPM_HT_TRANSIENT 0x80). */
export const TRANSIENT_RANGE: ValueRange = handleTypeRange(0x80);
/** Persistent object handles (TPM_HT_PERSISTENT 0x81). */
export const PERSISTENT_RANGE: ValueRange = handleTypeRange(0x81);
/** Ordinary NV index handles (TPM_HT_NV_INDEX 0x01). */
export const NV_INDEX_RANGE: ValueRange = handleTypeRange(0x01);
/** External NV index handles (TPM_HT_EXTERNAL_NV 0x11, 1.83). */
export const EXTERNAL_NV_RANGE: ValueRange = handleTypeRange(0x11);
/** Permanent NV index handles (TPM_HT_PERMANENT_NV 0x12, 1.83). */
export const PERMANENT_NV_RANGE: ValueRange = handleTypeRange(0x12);
/** Attached component handles (TPM_HT_AC 0x90, AC_FIRST..AC_LAST). */
export const AC_RANGE: ValueRange = { first: 0x90000000, last: 0x9000ffff };
/** Authenticated countdown timers TPM_RH_ACT_0..TPM_RH_ACT_F. */
export const ACT_RANGE: ValueRange = { first: RH.ACT_0, last: RH.ACT_F };
/** Vendor authorization handles TPM_RH_AUTH_00..TPM_RH_AUTH_FF. */
export const AUTH_HANDLE_RANGE: ValueRange = { first: RH.AUTH_00, last: RH.AUTH_FF };
/** SVN-limited hierarchy handles: the four 64K blocks from TPM_RH_SVN_OWNER_BASE. */
export const SVN_HIERARCHY_RANGES: readonly ValueRange[] = [
  { first: RH.SVN_OWNER_BASE, last: RH.SVN_OWNER_BASE + 0xffff },
  { first: RH.SVN_ENDORSEMENT_BASE, last: RH.SVN_ENDORSEMENT_BASE + 0xffff },
  { first: RH.SVN_PLATFORM_BASE, last: RH.SVN_PLATFORM_BASE + 0xffff },
  { first: RH.SVN_NULL_BASE, last: RH.SVN_NULL_BASE + 0xffff },
];

/** The hierarchies of 1.83: the three base ones, their firmware-limited forms, NULL and FW_NULL. */
const HIERARCHIES = [
  RH.OWNER,
  RH.ENDORSEMENT,
  RH.PLATFORM,
  RH.FW_OWNER,
  RH.FW_ENDORSEMENT,
  RH.FW_PLATFORM,
  RH.NULL,
  RH.FW_NULL,
];

/** Every hash algorithm of the TCG Algorithm Registry that 1.83 names. */
export const HASH_ALGORITHMS: readonly number[] = [
  A.SHA1,
  A.SHA256,
  A.SHA384,
  A.SHA512,
  A.SHA256_192,
  A.SM3_256,
  A.SHA3_256,
  A.SHA3_384,
  A.SHA3_512,
  A.SHAKE256_192,
  A.SHAKE256_256,
  A.SHAKE256_512,
];

/** The block cipher modes (TPM_ALG_!ALG.SE). */
const CIPHER_MODES = [A.CTR, A.OFB, A.CBC, A.CFB, A.ECB];

// ---- handles ----

/** TPMI_DH_OBJECT: a transient or persistent object (+TPM_RH_NULL). */
export const TPMI_DH_OBJECT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_OBJECT", 4, {
    ranges: [TRANSIENT_RANGE, PERSISTENT_RANGE],
    conditional: RH.NULL,
  }),
);

/** TPMI_DH_PARENT: an object or a hierarchy (1.83: with FW, SVN and NULL hierarchies). */
export const TPMI_DH_PARENT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_PARENT", 4, {
    values: HIERARCHIES,
    ranges: [...SVN_HIERARCHY_RANGES, TRANSIENT_RANGE, PERSISTENT_RANGE],
  }),
);

/** TPMI_DH_PERSISTENT: a persistent object. */
export const TPMI_DH_PERSISTENT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_PERSISTENT", 4, { ranges: [PERSISTENT_RANGE] }),
);

/** TPMI_DH_ENTITY: any entity with an authorization value (+TPM_RH_NULL). */
export const TPMI_DH_ENTITY = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_ENTITY", 4, {
    values: [RH.OWNER, RH.ENDORSEMENT, RH.PLATFORM, RH.LOCKOUT],
    ranges: [TRANSIENT_RANGE, PERSISTENT_RANGE, NV_INDEX_RANGE, PCR_HANDLE_RANGE, AUTH_HANDLE_RANGE],
    conditional: RH.NULL,
  }),
);

/** TPMI_DH_PCR: a PCR (+TPM_RH_NULL). */
export const TPMI_DH_PCR = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_PCR", 4, { ranges: [PCR_HANDLE_RANGE], conditional: RH.NULL }),
);

/** TPMI_SH_AUTH_SESSION: an HMAC or policy session (+TPM_RS_PW). */
export const TPMI_SH_AUTH_SESSION = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_SH_AUTH_SESSION", 4, {
    ranges: [HMAC_SESSION_RANGE, POLICY_SESSION_RANGE],
    conditional: TPM_RS.PW,
  }),
);

/** TPMI_SH_HMAC: an HMAC session. */
export const TPMI_SH_HMAC = /* @__PURE__ */ lazy(() => tpmi("TPMI_SH_HMAC", 4, { ranges: [HMAC_SESSION_RANGE] }));

/** TPMI_SH_POLICY: a policy session. */
export const TPMI_SH_POLICY = /* @__PURE__ */ lazy(() => tpmi("TPMI_SH_POLICY", 4, { ranges: [POLICY_SESSION_RANGE] }));

/** TPMI_DH_CONTEXT: a handle whose context can be saved. */
export const TPMI_DH_CONTEXT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_CONTEXT", 4, {
    ranges: [HMAC_SESSION_RANGE, POLICY_SESSION_RANGE, TRANSIENT_RANGE],
  }),
);

/** TPMI_DH_SAVED: a saved session, or 0x80000000/1/2 for a saved transient, sequence or stClear object. */
export const TPMI_DH_SAVED = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_DH_SAVED", 4, {
    values: [0x80000000, 0x80000001, 0x80000002],
    ranges: [HMAC_SESSION_RANGE, POLICY_SESSION_RANGE],
  }),
);

/** TPMI_RH_HIERARCHY: a hierarchy; 1.83 includes NULL, FW_ and SVN-limited hierarchies. */
export const TPMI_RH_HIERARCHY = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_HIERARCHY", 4, {
    values: HIERARCHIES,
    ranges: SVN_HIERARCHY_RANGES,
  }),
);

/** TPMI_RH_ENABLES: a hierarchy or PLATFORM_NV that HierarchyControl can enable (+TPM_RH_NULL). */
export const TPMI_RH_ENABLES = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_ENABLES", 4, {
    values: [RH.OWNER, RH.ENDORSEMENT, RH.PLATFORM, RH.PLATFORM_NV],
    conditional: RH.NULL,
  }),
);

/** TPMI_RH_HIERARCHY_AUTH: a hierarchy or lockout whose authValue can change. */
export const TPMI_RH_HIERARCHY_AUTH = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_HIERARCHY_AUTH", 4, {
    values: [RH.OWNER, RH.ENDORSEMENT, RH.PLATFORM, RH.LOCKOUT],
  }),
);

/** TPMI_RH_HIERARCHY_POLICY: a hierarchy, lockout or ACT whose authPolicy can change. */
export const TPMI_RH_HIERARCHY_POLICY = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_HIERARCHY_POLICY", 4, {
    values: [RH.OWNER, RH.ENDORSEMENT, RH.PLATFORM, RH.LOCKOUT],
    ranges: [ACT_RANGE],
  }),
);

/** TPMI_RH_BASE_HIERARCHY: OWNER, ENDORSEMENT or PLATFORM only. */
export const TPMI_RH_BASE_HIERARCHY = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_BASE_HIERARCHY", 4, {
    values: [RH.OWNER, RH.ENDORSEMENT, RH.PLATFORM],
  }),
);

/** TPMI_RH_PLATFORM: TPM_RH_PLATFORM. */
export const TPMI_RH_PLATFORM = /* @__PURE__ */ lazy(() => tpmi("TPMI_RH_PLATFORM", 4, { values: [RH.PLATFORM] }));

/** TPMI_RH_OWNER: TPM_RH_OWNER (+TPM_RH_NULL). */
export const TPMI_RH_OWNER = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_OWNER", 4, { values: [RH.OWNER], conditional: RH.NULL }),
);

/** TPMI_RH_ENDORSEMENT: TPM_RH_ENDORSEMENT (+TPM_RH_NULL). */
export const TPMI_RH_ENDORSEMENT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_ENDORSEMENT", 4, {
    values: [RH.ENDORSEMENT],
    conditional: RH.NULL,
  }),
);

/** TPMI_RH_PROVISION: OWNER or PLATFORM. */
export const TPMI_RH_PROVISION = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_PROVISION", 4, { values: [RH.OWNER, RH.PLATFORM] }),
);

/** TPMI_RH_CLEAR: LOCKOUT or PLATFORM. */
export const TPMI_RH_CLEAR = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_CLEAR", 4, { values: [RH.LOCKOUT, RH.PLATFORM] }),
);

/** TPMI_RH_NV_AUTH: PLATFORM, OWNER or an ordinary NV index. */
export const TPMI_RH_NV_AUTH = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_NV_AUTH", 4, {
    values: [RH.OWNER, RH.PLATFORM],
    ranges: [NV_INDEX_RANGE],
  }),
);

/** TPMI_RH_LOCKOUT: TPM_RH_LOCKOUT. */
export const TPMI_RH_LOCKOUT = /* @__PURE__ */ lazy(() => tpmi("TPMI_RH_LOCKOUT", 4, { values: [RH.LOCKOUT] }));

/** TPMI_RH_NV_INDEX: any NV index (1.83: ordinary, external and permanent NV). */
export const TPMI_RH_NV_INDEX = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_NV_INDEX", 4, {
    ranges: [NV_INDEX_RANGE, EXTERNAL_NV_RANGE, PERMANENT_NV_RANGE],
  }),
);

/** TPMI_RH_NV_DEFINED_INDEX: an NV index a caller can define (ordinary or external). */
export const TPMI_RH_NV_DEFINED_INDEX = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_NV_DEFINED_INDEX", 4, {
    ranges: [NV_INDEX_RANGE, EXTERNAL_NV_RANGE],
  }),
);

/** TPMI_RH_NV_LEGACY_INDEX: an ordinary NV index (TPM_HT_NV_INDEX). */
export const TPMI_RH_NV_LEGACY_INDEX = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_NV_LEGACY_INDEX", 4, { ranges: [NV_INDEX_RANGE] }),
);

/** TPMI_RH_NV_EXP_INDEX: an external NV index (TPM_HT_EXTERNAL_NV). */
export const TPMI_RH_NV_EXP_INDEX = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_RH_NV_EXP_INDEX", 4, { ranges: [EXTERNAL_NV_RANGE] }),
);

/** TPMI_RH_AC: an attached component. */
export const TPMI_RH_AC = /* @__PURE__ */ lazy(() => tpmi("TPMI_RH_AC", 4, { ranges: [AC_RANGE] }));

/** TPMI_RH_ACT: an authenticated countdown timer. */
export const TPMI_RH_ACT = /* @__PURE__ */ lazy(() => tpmi("TPMI_RH_ACT", 4, { ranges: [ACT_RANGE] }));

// ---- algorithms ----

/** TPMI_ALG_HASH: a hash algorithm (+TPM_ALG_NULL). */
export const TPMI_ALG_HASH = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_HASH", 2, { values: HASH_ALGORITHMS, conditional: A.NULL }),
);

/** TPMI_ALG_ASYM: an asymmetric algorithm (+TPM_ALG_NULL). */
export const TPMI_ALG_ASYM = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_ASYM", 2, { values: [A.RSA, A.ECC], conditional: A.NULL }),
);

/** TPMI_ALG_SYM: a symmetric algorithm, XOR included (+TPM_ALG_NULL). */
export const TPMI_ALG_SYM = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_SYM", 2, {
    values: [A.AES, A.XOR, A.SM4, A.CAMELLIA],
    conditional: A.NULL,
  }),
);

/** TPMI_ALG_SYM_OBJECT: a block cipher for a symmetric object (+TPM_ALG_NULL). */
export const TPMI_ALG_SYM_OBJECT = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_SYM_OBJECT", 2, {
    values: [A.AES, A.SM4, A.CAMELLIA],
    conditional: A.NULL,
  }),
);

/** TPMI_ALG_SYM_MODE: a block cipher mode or CMAC (+TPM_ALG_NULL). */
export const TPMI_ALG_SYM_MODE = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_SYM_MODE", 2, {
    values: [A.CMAC, ...CIPHER_MODES],
    conditional: A.NULL,
  }),
);

/** TPMI_ALG_KDF: a key derivation function (+TPM_ALG_NULL). */
export const TPMI_ALG_KDF = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_KDF", 2, {
    values: [A.MGF1, A.KDF1_SP800_56A, A.KDF2, A.KDF1_SP800_108],
    conditional: A.NULL,
  }),
);

/** TPMI_ALG_SIG_SCHEME: a signing scheme, HMAC included (+TPM_ALG_NULL). */
export const TPMI_ALG_SIG_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_SIG_SCHEME", 2, {
    values: [A.HMAC, A.RSASSA, A.RSAPSS, A.ECDSA, A.ECDAA, A.SM2, A.ECSCHNORR, A.EDDSA, A.EDDSA_PH],
    conditional: A.NULL,
  }),
);

/** TPMI_ECC_KEY_EXCHANGE: an ECC key exchange scheme (+TPM_ALG_NULL). */
export const TPMI_ECC_KEY_EXCHANGE = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ECC_KEY_EXCHANGE", 2, {
    values: [A.ECDH, A.ECMQV, A.SM2],
    conditional: A.NULL,
  }),
);

/** TPMI_ST_COMMAND_TAG: TPM_ST_NO_SESSIONS or TPM_ST_SESSIONS. */
export const TPMI_ST_COMMAND_TAG = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ST_COMMAND_TAG", 2, {
    values: [TPM_ST.NO_SESSIONS, TPM_ST.SESSIONS],
  }),
);

/** TPMI_ALG_MAC_SCHEME: a hash (for HMAC) or CMAC (+TPM_ALG_NULL). */
export const TPMI_ALG_MAC_SCHEME = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_MAC_SCHEME", 2, {
    values: [...HASH_ALGORITHMS, A.CMAC],
    conditional: A.NULL,
  }),
);

/** TPMI_ALG_CIPHER_MODE: a block cipher mode (+TPM_ALG_NULL). */
export const TPMI_ALG_CIPHER_MODE = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ALG_CIPHER_MODE", 2, {
    values: CIPHER_MODES,
    conditional: A.NULL,
  }),
);
