/**
 * Part 2, chapter 10: capability structures, the data GetCapability returns and
 * SetCapability takes. Apart from the rest of chapter 10 because the 1.83
 * union includes TPML_PUB_KEY, a list of TPM2B_PUBLIC (chapter 12).
 */

import { lazy } from "../codec/lazy.js";
import { struct } from "../codec/struct.js";
import { tpm2bStruct } from "../codec/tpm2b-struct.js";
import { member, union } from "../codec/union.js";
import { TPM_CAP } from "../constants/tpm-cap.js";
import { TPM_CAP_CODEC } from "./base-types.js";
import { TPML_PUB_KEY } from "./key-object.js";
import {
  TPML_ACT_DATA,
  TPML_ALG_PROPERTY,
  TPML_CC,
  TPML_CCA,
  TPML_ECC_CURVE,
  TPML_HANDLE,
  TPML_PCR_SELECTION,
  TPML_SPDM_SESSION_INFO,
  TPML_TAGGED_PCR_PROPERTY,
  TPML_TAGGED_POLICY,
  TPML_TAGGED_TPM_PROPERTY,
  TPML_VENDOR_PROPERTY,
} from "./structures.js";
import { sampledFrom } from "./variants.js";

/**
 * TPMU_CAPABILITIES: the data of one capability group, selected by TPM_CAP.
 * TPM_CAP_VENDOR_PROPERTY carries a TPML_VENDOR_PROPERTY (1.83); a TPM that
 * answers it with another layout fails to decode with a MarshalError.
 */
export const TPMU_CAPABILITIES = /* @__PURE__ */ lazy(() =>
  union("TPMU_CAPABILITIES", {
    [TPM_CAP.ALGS]: member("algorithms", TPML_ALG_PROPERTY),
    [TPM_CAP.HANDLES]: member("handles", TPML_HANDLE),
    [TPM_CAP.COMMANDS]: member("command", TPML_CCA),
    [TPM_CAP.PP_COMMANDS]: member("ppCommands", TPML_CC),
    [TPM_CAP.AUDIT_COMMANDS]: member("auditCommands", TPML_CC),
    [TPM_CAP.PCRS]: member("assignedPCR", TPML_PCR_SELECTION),
    [TPM_CAP.TPM_PROPERTIES]: member("tpmProperties", TPML_TAGGED_TPM_PROPERTY),
    [TPM_CAP.PCR_PROPERTIES]: member("pcrProperties", TPML_TAGGED_PCR_PROPERTY),
    [TPM_CAP.ECC_CURVES]: member("eccCurves", TPML_ECC_CURVE),
    [TPM_CAP.AUTH_POLICIES]: member("authPolicies", TPML_TAGGED_POLICY),
    [TPM_CAP.ACT]: member("actData", TPML_ACT_DATA),
    [TPM_CAP.PUB_KEYS]: member("pubKeys", TPML_PUB_KEY),
    [TPM_CAP.SPDM_SESSION_INFO]: member("spdmSessionInfo", TPML_SPDM_SESSION_INFO),
    [TPM_CAP.VENDOR_PROPERTY]: member("vendorData", TPML_VENDOR_PROPERTY),
  }),
);

/** TPMS_CAPABILITY_DATA: a capability group and its data. */
export const TPMS_CAPABILITY_DATA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CAPABILITY_DATA", {
    // Sampled from the TPM_CAP values TPMU_CAPABILITIES has a member for.
    capability: sampledFrom(TPM_CAP_CODEC, Object.keys(TPMU_CAPABILITIES.members).map(Number)),
    data: TPMU_CAPABILITIES.selectedBy("capability"),
  }),
);

/**
 * TPMU_SET_CAPABILITIES: the settable capabilities. Library revision 1.83
 * defines none, so every selector is a SELECTOR error.
 */
export const TPMU_SET_CAPABILITIES = /* @__PURE__ */ lazy(() => union("TPMU_SET_CAPABILITIES", {}));

/** TPMS_SET_CAPABILITY_DATA: a capability to set and its data. */
export const TPMS_SET_CAPABILITY_DATA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_SET_CAPABILITY_DATA", {
    setCapability: TPM_CAP_CODEC,
    data: TPMU_SET_CAPABILITIES.selectedBy("setCapability"),
  }),
);

/** TPM2B_SET_CAPABILITY_DATA: TPMS_SET_CAPABILITY_DATA in a sized buffer ({ setCapabilityData }). */
export const TPM2B_SET_CAPABILITY_DATA = /* @__PURE__ */ lazy(() =>
  tpm2bStruct("TPM2B_SET_CAPABILITY_DATA", "setCapabilityData", TPMS_SET_CAPABILITY_DATA),
);
