/**
 * Part 2, chapter 10: structure definitions of general use: digests, TPM2B buffers,
 * names, PCR selections, tickets, property and list structures, clock and time,
 * attestation and authorization structures. The capability union needs
 * TPM2B_PUBLIC from chapter 12 and is in `capabilities.ts`.
 */
import { fixedBytes, sizedBytes8, tpm2b } from "../codec/bytes.js";
import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO, UINT16, UINT32, UINT64 } from "../codec/primitives.js";
import { struct } from "../codec/struct.js";
import { tpmi } from "../codec/tpmi.js";
import { tpml } from "../codec/tpml.js";
import { member, union } from "../codec/union.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_ST } from "../constants/tpm-st.js";
import { TPMA_ACT_CODEC, TPMA_ALGORITHM_CODEC, TPMA_CC_CODEC, TPMA_SESSION_CODEC } from "./attributes.js";
import {
  TPM_ALG_ID_CODEC,
  TPM_CC_CODEC,
  TPM_ECC_CURVE_CODEC,
  TPM_GENERATED_CODEC,
  TPM_HANDLE_CODEC,
  TPM_PT_CODEC,
  TPM_PT_PCR_CODEC,
} from "./base-types.js";
import { TPMI_ALG_HASH, TPMI_RH_HIERARCHY, TPMI_SH_AUTH_SESSION } from "./interface-types.js";
import {
  HASH_COUNT,
  MAX_ALG_LIST_SIZE,
  MAX_CAP_CC,
  MAX_CAP_DATA,
  MAX_DIGEST_BUFFER,
  MAX_DIGEST_SIZE,
  MAX_NV_BUFFER_SIZE,
  MAX_SYM_BLOCK_SIZE,
  PCR_SELECT_MAX,
} from "./limits.js";
import { withPlus } from "./variants.js";

const A = TPM_ALG_ID;

// ---- 10.1 TPMS_EMPTY, 10.2 TPMS_ALGORITHM_DESCRIPTION ----

/** TPMS_EMPTY: a structure with no members; marshals to nothing. */
export const TPMS_EMPTY = /* @__PURE__ */ lazy(() => struct("TPMS_EMPTY", {}));

/** TPMS_ALGORITHM_DESCRIPTION: an algorithm and its attributes. */
export const TPMS_ALGORITHM_DESCRIPTION = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ALGORITHM_DESCRIPTION", {
    alg: TPM_ALG_ID_CODEC,
    attributes: TPMA_ALGORITHM_CODEC,
  }),
);

// ---- 10.3 hash/digest structures ----

/** TPMU_HA: a digest, as many octets as the selecting hash algorithm produces. */
export const TPMU_HA = /* @__PURE__ */ lazy(() =>
  union("TPMU_HA", {
    [A.SHA1]: member("sha1", fixedBytes("BYTE[20]", 20)),
    [A.SHA256]: member("sha256", fixedBytes("BYTE[32]", 32)),
    [A.SHA384]: member("sha384", fixedBytes("BYTE[48]", 48)),
    [A.SHA512]: member("sha512", fixedBytes("BYTE[64]", 64)),
    [A.SHA256_192]: member("sha256_192", fixedBytes("BYTE[24]", 24)),
    [A.SM3_256]: member("sm3_256", fixedBytes("BYTE[32]", 32)),
    [A.SHA3_256]: member("sha3_256", fixedBytes("BYTE[32]", 32)),
    [A.SHA3_384]: member("sha3_384", fixedBytes("BYTE[48]", 48)),
    [A.SHA3_512]: member("sha3_512", fixedBytes("BYTE[64]", 64)),
    [A.SHAKE256_192]: member("shake256_192", fixedBytes("BYTE[24]", 24)),
    [A.SHAKE256_256]: member("shake256_256", fixedBytes("BYTE[32]", 32)),
    [A.SHAKE256_512]: member("shake256_512", fixedBytes("BYTE[64]", 64)),
    [A.NULL]: null,
  }),
);

/** TPMT_HA: hashAlg and its digest; `.plus` admits TPM_ALG_NULL with no digest. */
export const TPMT_HA = /* @__PURE__ */ lazy(() =>
  withPlus((plus) =>
    struct(plus ? "TPMT_HA+" : "TPMT_HA", {
      hashAlg: plus ? TPMI_ALG_HASH.plus : TPMI_ALG_HASH,
      digest: TPMU_HA.selectedBy("hashAlg"),
    }),
  ),
);

// ---- 10.4 sized buffers ----

/** TPM2B_DIGEST: at most sizeof(TPMU_HA) octets. */
export const TPM2B_DIGEST = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_DIGEST", MAX_DIGEST_SIZE));
/** TPM2B_DATA: at most 64 octets in tpm2-tss (sizeof(TPMT_HA), 66, in the reference code). */
export const TPM2B_DATA = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_DATA", 64));
/** TPM2B_NONCE: same as TPM2B_DIGEST. */
export const TPM2B_NONCE = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_NONCE", MAX_DIGEST_SIZE));
/** TPM2B_AUTH: same as TPM2B_DIGEST. */
export const TPM2B_AUTH = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_AUTH", MAX_DIGEST_SIZE));
/** TPM2B_OPERAND: same as TPM2B_DIGEST. */
export const TPM2B_OPERAND = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_OPERAND", MAX_DIGEST_SIZE));
/** TPM2B_EVENT: at most 1024 octets. */
export const TPM2B_EVENT = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_EVENT", 1024));
/** TPM2B_MAX_BUFFER: at most MAX_DIGEST_BUFFER octets. */
export const TPM2B_MAX_BUFFER = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_MAX_BUFFER", MAX_DIGEST_BUFFER));
/** TPM2B_MAX_NV_BUFFER: at most MAX_NV_BUFFER_SIZE octets. */
export const TPM2B_MAX_NV_BUFFER = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_MAX_NV_BUFFER", MAX_NV_BUFFER_SIZE));
/** TPM2B_TIMEOUT: a UINT64 as octets; tpm2-tss sizes it as TPM2B_DIGEST. */
export const TPM2B_TIMEOUT = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_TIMEOUT", MAX_DIGEST_SIZE));
/** TPM2B_IV: at most MAX_SYM_BLOCK_SIZE octets. */
export const TPM2B_IV = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_IV", MAX_SYM_BLOCK_SIZE));
/** TPM2B_VENDOR_PROPERTY: at most 512 octets of vendor-defined data. */
export const TPM2B_VENDOR_PROPERTY = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_VENDOR_PROPERTY", 512));

// ---- 10.5 names ----

/** TPM2B_NAME: a Name, at most sizeof(TPMU_NAME) = 2 + 64 + 2 octets (a TPMT_HA or a handle). */
export const TPM2B_NAME = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_NAME", 68));

// ---- 10.6 PCR structures ----

/** The sizeofSelect/pcrSelect pair of a PCR bitmap. */
const PCR_SELECT_BITMAP = /* @__PURE__ */ lazy(() => sizedBytes8("BYTE[sizeofSelect]", 0, PCR_SELECT_MAX));

/** TPMS_PCR_SELECT: a PCR bitmap (sizeofSelect, pcrSelect). */
export const TPMS_PCR_SELECT = /* @__PURE__ */ lazy(() => struct("TPMS_PCR_SELECT", { pcrSelect: PCR_SELECT_BITMAP }));

/** TPMS_PCR_SELECTION: hash, sizeofSelect, pcrSelect. */
export const TPMS_PCR_SELECTION = /* @__PURE__ */ lazy(() =>
  struct("TPMS_PCR_SELECTION", {
    hash: TPMI_ALG_HASH,
    pcrSelect: PCR_SELECT_BITMAP,
  }),
);

// ---- 10.7 tickets ----

/** A ticket tag: a TPM_ST that must be one of `tags`. */
function ticketTag(...tags: number[]) {
  return tpmi("TPM_ST", 2, { values: tags });
}

/** TPMT_TK_CREATION: tag TPM_ST_CREATION. */
export const TPMT_TK_CREATION = /* @__PURE__ */ lazy(() =>
  struct("TPMT_TK_CREATION", {
    tag: ticketTag(TPM_ST.CREATION),
    hierarchy: TPMI_RH_HIERARCHY,
    digest: TPM2B_DIGEST,
  }),
);

/** TPMT_TK_VERIFIED: tag TPM_ST_VERIFIED. */
export const TPMT_TK_VERIFIED = /* @__PURE__ */ lazy(() =>
  struct("TPMT_TK_VERIFIED", {
    tag: ticketTag(TPM_ST.VERIFIED),
    hierarchy: TPMI_RH_HIERARCHY,
    digest: TPM2B_DIGEST,
  }),
);

/** TPMT_TK_AUTH: tag TPM_ST_AUTH_SIGNED or TPM_ST_AUTH_SECRET. */
export const TPMT_TK_AUTH = /* @__PURE__ */ lazy(() =>
  struct("TPMT_TK_AUTH", {
    tag: ticketTag(TPM_ST.AUTH_SIGNED, TPM_ST.AUTH_SECRET),
    hierarchy: TPMI_RH_HIERARCHY,
    digest: TPM2B_DIGEST,
  }),
);

/** TPMT_TK_HASHCHECK: tag TPM_ST_HASHCHECK. */
export const TPMT_TK_HASHCHECK = /* @__PURE__ */ lazy(() =>
  struct("TPMT_TK_HASHCHECK", {
    tag: ticketTag(TPM_ST.HASHCHECK),
    hierarchy: TPMI_RH_HIERARCHY,
    digest: TPM2B_DIGEST,
  }),
);

// ---- 10.8 property structures ----

/** TPMS_ALG_PROPERTY: an algorithm and its properties. */
export const TPMS_ALG_PROPERTY = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ALG_PROPERTY", {
    alg: TPM_ALG_ID_CODEC,
    algProperties: TPMA_ALGORITHM_CODEC,
  }),
);

/** TPMS_TAGGED_PROPERTY: a TPM property and its value. */
export const TPMS_TAGGED_PROPERTY = /* @__PURE__ */ lazy(() =>
  struct("TPMS_TAGGED_PROPERTY", {
    property: TPM_PT_CODEC,
    value: UINT32,
  }),
);

/** TPMS_TAGGED_PCR_SELECT: a PCR property and the PCRs that have it. */
export const TPMS_TAGGED_PCR_SELECT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_TAGGED_PCR_SELECT", {
    tag: TPM_PT_PCR_CODEC,
    pcrSelect: PCR_SELECT_BITMAP,
  }),
);

/**
 * TPMS_TAGGED_POLICY: a permanent handle and its authPolicy. A handle
 * with no policy reports TPM_ALG_NULL, so policyHash is a TPMT_HA+.
 */
export const TPMS_TAGGED_POLICY = /* @__PURE__ */ lazy(() =>
  struct("TPMS_TAGGED_POLICY", {
    handle: TPM_HANDLE_CODEC,
    policyHash: TPMT_HA.plus,
  }),
);

/** TPMS_ACT_DATA: an authenticated countdown timer's handle, timeout and attributes. */
export const TPMS_ACT_DATA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ACT_DATA", {
    handle: TPM_HANDLE_CODEC,
    timeout: UINT32,
    attributes: TPMA_ACT_CODEC,
  }),
);

/** TPMS_SPDM_SESSION_INFO: the Names of the requester's and the TPM's SPDM keys. */
export const TPMS_SPDM_SESSION_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SPDM_SESSION_INFO", {
    reqKeyName: TPM2B_NAME,
    tpmKeyName: TPM2B_NAME,
  }),
);

// ---- 10.9 lists (maximum counts as tpm2-tss defines them) ----

/** TPML_CC: command codes, at most MAX_CAP_CC. */
export const TPML_CC = /* @__PURE__ */ lazy(() => tpml("TPML_CC", TPM_CC_CODEC, MAX_CAP_CC));
/** TPML_CCA: command attributes, at most MAX_CAP_CC. */
export const TPML_CCA = /* @__PURE__ */ lazy(() => tpml("TPML_CCA", TPMA_CC_CODEC, MAX_CAP_CC));
/** TPML_ALG: algorithm identifiers, at most MAX_ALG_LIST_SIZE. */
export const TPML_ALG = /* @__PURE__ */ lazy(() => tpml("TPML_ALG", TPM_ALG_ID_CODEC, MAX_ALG_LIST_SIZE));
/** TPML_HANDLE: handles, at most MAX_CAP_DATA / 4 = 254. */
export const TPML_HANDLE = /* @__PURE__ */ lazy(() => tpml("TPML_HANDLE", TPM_HANDLE_CODEC, 254));
/** TPML_DIGEST: at most 8 digests (PolicyOR needs at least 2; PCR_Read may return fewer). */
export const TPML_DIGEST = /* @__PURE__ */ lazy(() => tpml("TPML_DIGEST", TPM2B_DIGEST, 8));
/** TPML_DIGEST_VALUES: one TPMT_HA per bank, at most HASH_COUNT. */
export const TPML_DIGEST_VALUES = /* @__PURE__ */ lazy(() => tpml("TPML_DIGEST_VALUES", TPMT_HA, HASH_COUNT));
/** TPML_PCR_SELECTION: one selection per bank, at most HASH_COUNT. */
export const TPML_PCR_SELECTION = /* @__PURE__ */ lazy(() =>
  tpml("TPML_PCR_SELECTION", TPMS_PCR_SELECTION, HASH_COUNT),
);
/** TPML_ALG_PROPERTY: at most MAX_CAP_DATA / sizeof(TPMS_ALG_PROPERTY) = 127. */
export const TPML_ALG_PROPERTY = /* @__PURE__ */ lazy(() => tpml("TPML_ALG_PROPERTY", TPMS_ALG_PROPERTY, 127));
/** TPML_TAGGED_TPM_PROPERTY: at most MAX_CAP_DATA / 8 = 127. */
export const TPML_TAGGED_TPM_PROPERTY = /* @__PURE__ */ lazy(() =>
  tpml("TPML_TAGGED_TPM_PROPERTY", TPMS_TAGGED_PROPERTY, 127),
);
/** TPML_TAGGED_PCR_PROPERTY: at most MAX_CAP_DATA / sizeof(TPMS_TAGGED_PCR_SELECT) = 84. */
export const TPML_TAGGED_PCR_PROPERTY = /* @__PURE__ */ lazy(() =>
  tpml("TPML_TAGGED_PCR_PROPERTY", TPMS_TAGGED_PCR_SELECT, 84),
);
/** TPML_ECC_CURVE: at most MAX_CAP_DATA / 2 = 508 curves. */
export const TPML_ECC_CURVE = /* @__PURE__ */ lazy(() => tpml("TPML_ECC_CURVE", TPM_ECC_CURVE_CODEC, 508));
/** TPML_TAGGED_POLICY: at most MAX_CAP_DATA / sizeof(TPMS_TAGGED_POLICY) = 14. */
export const TPML_TAGGED_POLICY = /* @__PURE__ */ lazy(() => tpml("TPML_TAGGED_POLICY", TPMS_TAGGED_POLICY, 14));
/** TPML_ACT_DATA: at most MAX_CAP_DATA / sizeof(TPMS_ACT_DATA) = 84. */
export const TPML_ACT_DATA = /* @__PURE__ */ lazy(() => tpml("TPML_ACT_DATA", TPMS_ACT_DATA, 84));
/** TPML_SPDM_SESSION_INFO: at most MAX_CAP_DATA / sizeof(TPMS_SPDM_SESSION_INFO) = 7. */
export const TPML_SPDM_SESSION_INFO = /* @__PURE__ */ lazy(() =>
  tpml("TPML_SPDM_SESSION_INFO", TPMS_SPDM_SESSION_INFO, 7),
);
/**
 * TPML_VENDOR_PROPERTY: vendor property buffers. MAX_VENDOR_PROPERTY is the
 * vendor's choice; this allows as many as fit in MAX_CAP_DATA (2 octets each at least).
 */
export const TPML_VENDOR_PROPERTY = /* @__PURE__ */ lazy(() =>
  tpml("TPML_VENDOR_PROPERTY", TPM2B_VENDOR_PROPERTY, MAX_CAP_DATA / 2),
);

// ---- 10.11 clock and time ----

/** TPMS_CLOCK_INFO: clock, resetCount, restartCount, safe. */
export const TPMS_CLOCK_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CLOCK_INFO", {
    clock: UINT64,
    resetCount: UINT32,
    restartCount: UINT32,
    safe: TPMI_YES_NO,
  }),
);

/** TPMS_TIME_INFO: time since the last TPM_Init, and the clock. */
export const TPMS_TIME_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_TIME_INFO", {
    time: UINT64,
    clockInfo: TPMS_CLOCK_INFO,
  }),
);

// ---- 10.12 attestation ----

/** TPMS_TIME_ATTEST_INFO: what GetTime attests. */
export const TPMS_TIME_ATTEST_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_TIME_ATTEST_INFO", {
    time: TPMS_TIME_INFO,
    firmwareVersion: UINT64,
  }),
);

/** TPMS_CERTIFY_INFO: what Certify attests. */
export const TPMS_CERTIFY_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CERTIFY_INFO", {
    name: TPM2B_NAME,
    qualifiedName: TPM2B_NAME,
  }),
);

/** TPMS_QUOTE_INFO: what Quote attests. */
export const TPMS_QUOTE_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_QUOTE_INFO", {
    pcrSelect: TPML_PCR_SELECTION,
    pcrDigest: TPM2B_DIGEST,
  }),
);

/** TPMS_COMMAND_AUDIT_INFO: what GetCommandAuditDigest attests. */
export const TPMS_COMMAND_AUDIT_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_COMMAND_AUDIT_INFO", {
    auditCounter: UINT64,
    digestAlg: TPM_ALG_ID_CODEC,
    auditDigest: TPM2B_DIGEST,
    commandDigest: TPM2B_DIGEST,
  }),
);

/** TPMS_SESSION_AUDIT_INFO: what GetSessionAuditDigest attests. */
export const TPMS_SESSION_AUDIT_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SESSION_AUDIT_INFO", {
    exclusiveSession: TPMI_YES_NO,
    sessionDigest: TPM2B_DIGEST,
  }),
);

/** TPMS_CREATION_INFO: what CertifyCreation attests. */
export const TPMS_CREATION_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CREATION_INFO", {
    objectName: TPM2B_NAME,
    creationHash: TPM2B_DIGEST,
  }),
);

/** TPMS_NV_CERTIFY_INFO: what NV_Certify attests with contents. */
export const TPMS_NV_CERTIFY_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_CERTIFY_INFO", {
    indexName: TPM2B_NAME,
    offset: UINT16,
    nvContents: TPM2B_MAX_NV_BUFFER,
  }),
);

/** TPMS_NV_DIGEST_CERTIFY_INFO: what NV_Certify attests with a digest of the contents. */
export const TPMS_NV_DIGEST_CERTIFY_INFO = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_DIGEST_CERTIFY_INFO", {
    indexName: TPM2B_NAME,
    nvDigest: TPM2B_DIGEST,
  }),
);

/** TPMI_ST_ATTEST: the attestation structure tags. */
export const TPMI_ST_ATTEST = /* @__PURE__ */ lazy(() =>
  tpmi("TPMI_ST_ATTEST", 2, {
    values: [
      TPM_ST.ATTEST_CERTIFY,
      TPM_ST.ATTEST_QUOTE,
      TPM_ST.ATTEST_SESSION_AUDIT,
      TPM_ST.ATTEST_COMMAND_AUDIT,
      TPM_ST.ATTEST_TIME,
      TPM_ST.ATTEST_CREATION,
      TPM_ST.ATTEST_NV,
      TPM_ST.ATTEST_NV_DIGEST,
    ],
  }),
);

/** TPMU_ATTEST: the attested data, selected by TPMS_ATTEST.type. */
export const TPMU_ATTEST = /* @__PURE__ */ lazy(() =>
  union("TPMU_ATTEST", {
    [TPM_ST.ATTEST_CERTIFY]: member("certify", TPMS_CERTIFY_INFO),
    [TPM_ST.ATTEST_CREATION]: member("creation", TPMS_CREATION_INFO),
    [TPM_ST.ATTEST_QUOTE]: member("quote", TPMS_QUOTE_INFO),
    [TPM_ST.ATTEST_COMMAND_AUDIT]: member("commandAudit", TPMS_COMMAND_AUDIT_INFO),
    [TPM_ST.ATTEST_SESSION_AUDIT]: member("sessionAudit", TPMS_SESSION_AUDIT_INFO),
    [TPM_ST.ATTEST_TIME]: member("time", TPMS_TIME_ATTEST_INFO),
    [TPM_ST.ATTEST_NV]: member("nv", TPMS_NV_CERTIFY_INFO),
    [TPM_ST.ATTEST_NV_DIGEST]: member("nvDigest", TPMS_NV_DIGEST_CERTIFY_INFO),
  }),
);

/** TPMS_ATTEST: the structure a TPM signs when it attests. */
export const TPMS_ATTEST = /* @__PURE__ */ lazy(() =>
  struct("TPMS_ATTEST", {
    magic: TPM_GENERATED_CODEC,
    type: TPMI_ST_ATTEST,
    qualifiedSigner: TPM2B_NAME,
    extraData: TPM2B_DATA,
    clockInfo: TPMS_CLOCK_INFO,
    firmwareVersion: UINT64,
    attested: TPMU_ATTEST.selectedBy("type"),
  }),
);

/**
 * TPM2B_ATTEST: a marshalled TPMS_ATTEST as octets (the signature covers
 * these exact octets; decode them with TPMS_ATTEST). At most sizeof(TPMS_ATTEST), 2304 in tpm2-tss.
 */
export const TPM2B_ATTEST = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_ATTEST", 2304));

// ---- 10.13 authorization structures ----

/** TPMS_AUTH_COMMAND: one session in a command's authorization area. */
export const TPMS_AUTH_COMMAND = /* @__PURE__ */ lazy(() =>
  struct("TPMS_AUTH_COMMAND", {
    sessionHandle: TPMI_SH_AUTH_SESSION.plus,
    nonce: TPM2B_NONCE,
    sessionAttributes: TPMA_SESSION_CODEC,
    hmac: TPM2B_AUTH,
  }),
);

/** TPMS_AUTH_RESPONSE: one session in a response's authorization area. */
export const TPMS_AUTH_RESPONSE = /* @__PURE__ */ lazy(() =>
  struct("TPMS_AUTH_RESPONSE", {
    nonce: TPM2B_NONCE,
    sessionAttributes: TPMA_SESSION_CODEC,
    hmac: TPM2B_AUTH,
  }),
);
