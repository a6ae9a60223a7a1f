/**
 * Part 2, chapter 13: NV storage structures: the NV index handle and attributes,
 * the public area of an index, and the 1.83 forms for external NV (64-bit
 * attributes) selected by the handle type.
 */
import { attributes } from "../codec/attributes.js";
import { lazy } from "../codec/lazy.js";
import { UINT16, UINT32 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { struct } from "../codec/struct.js";
import { tpm2bStruct } from "../codec/tpm2b-struct.js";
import { tpmi } from "../codec/tpmi.js";
import { member, union } from "../codec/union.js";
import { TPM_HT } from "../constants/tpm-ht.js";
import { attributes64 } from "./attributes64.js";
import { TPM_HT_CODEC } from "./base-types.js";
import { PERMANENT_NV_RANGE, TPMI_ALG_HASH, TPMI_RH_NV_EXP_INDEX, TPMI_RH_NV_LEGACY_INDEX } from "./interface-types.js";
import { TPM2B_DIGEST } from "./structures.js";
import { sampledFrom } from "./variants.js";

/** TPM_NV_INDEX: an NV index handle, index (23:0) and handle type (31:24). */
export const TPM_NV_INDEX_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_NV_INDEX", UINT32));

/** TPMS_NV_PIN_COUNTER_PARAMETERS: the contents of a PIN pass or PIN fail index. */
export const TPMS_NV_PIN_COUNTER_PARAMETERS = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_PIN_COUNTER_PARAMETERS", {
    pinCount: UINT32,
    pinLimit: UINT32,
  }),
);

/**
 * TPMA_NV: TPMA_NV_PPWRITE .. TPMA_NV_POLICYWRITE (3:0), TPM_NT (7:4),
 * POLICY_DELETE .. POLICYREAD (19:10), NO_DA .. READ_STCLEAR (31:25).
 */
export const TPMA_NV_CODEC = /* @__PURE__ */ lazy(() => attributes("TPMA_NV", 4, 0xfe0ffcff));

/**
 * TPMA_NV_EXP: the TPMA_NV bits in the low 32 bits, then
 * TPMA_EXTERNAL_NV_ENCRYPTION (32), _INTEGRITY (33) and _ANTIROLLBACK (34). A bigint.
 */
export const TPMA_NV_EXP_CODEC = /* @__PURE__ */ lazy(() => attributes64("TPMA_NV_EXP", 0x7_fe0f_fcffn));

/** TPMS_NV_PUBLIC: the public area of an ordinary NV index. */
export const TPMS_NV_PUBLIC = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_PUBLIC", {
    nvIndex: TPMI_RH_NV_LEGACY_INDEX,
    nameAlg: TPMI_ALG_HASH,
    attributes: TPMA_NV_CODEC,
    authPolicy: TPM2B_DIGEST,
    dataSize: UINT16,
  }),
);

/** TPM2B_NV_PUBLIC: TPMS_NV_PUBLIC in a sized buffer ({ nvPublic }). */
export const TPM2B_NV_PUBLIC = /* @__PURE__ */ lazy(() => tpm2bStruct("TPM2B_NV_PUBLIC", "nvPublic", TPMS_NV_PUBLIC));

/** TPMS_NV_PUBLIC_EXP_ATTR: the public area of an external NV index, with 64-bit attributes. */
export const TPMS_NV_PUBLIC_EXP_ATTR = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_PUBLIC_EXP_ATTR", {
    nvIndex: TPMI_RH_NV_EXP_INDEX,
    nameAlg: TPMI_ALG_HASH,
    attributes: TPMA_NV_EXP_CODEC,
    authPolicy: TPM2B_DIGEST,
    dataSize: UINT16,
  }),
);

/**
 * The TPMS_NV_PUBLIC of a permanent NV index (TPM_HT_PERMANENT_NV): the same
 * layout, with nvIndex in the permanent NV range.
 */
const TPMS_NV_PUBLIC_PERMANENT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_NV_PUBLIC", {
    nvIndex: tpmi("TPMI_RH_NV_INDEX", 4, { ranges: [PERMANENT_NV_RANGE] }),
    nameAlg: TPMI_ALG_HASH,
    attributes: TPMA_NV_CODEC,
    authPolicy: TPM2B_DIGEST,
    dataSize: UINT16,
  }),
);

/** TPMU_NV_PUBLIC_2: an NV public area selected by the index's handle type. */
export const TPMU_NV_PUBLIC_2 = /* @__PURE__ */ lazy(() =>
  union("TPMU_NV_PUBLIC_2", {
    [TPM_HT.NV_INDEX]: member("nvIndex", TPMS_NV_PUBLIC),
    [TPM_HT.EXTERNAL_NV]: member("externalNV", TPMS_NV_PUBLIC_EXP_ATTR),
    [TPM_HT.PERMANENT_NV]: member("permanentNV", TPMS_NV_PUBLIC_PERMANENT),
  }),
);

/** TPMT_NV_PUBLIC_2: handleType (TPM_HT) and the matching public area. */
export const TPMT_NV_PUBLIC_2 = /* @__PURE__ */ lazy(() =>
  struct("TPMT_NV_PUBLIC_2", {
    handleType: sampledFrom(TPM_HT_CODEC, [TPM_HT.NV_INDEX, TPM_HT.EXTERNAL_NV, TPM_HT.PERMANENT_NV]),
    nvPublic2: TPMU_NV_PUBLIC_2.selectedBy("handleType"),
  }),
);

/** TPM2B_NV_PUBLIC_2: TPMT_NV_PUBLIC_2 in a sized buffer ({ nvPublic2 }), as NV_ReadPublic2 returns it. */
export const TPM2B_NV_PUBLIC_2 = /* @__PURE__ */ lazy(() =>
  tpm2bStruct("TPM2B_NV_PUBLIC_2", "nvPublic2", TPMT_NV_PUBLIC_2),
);
