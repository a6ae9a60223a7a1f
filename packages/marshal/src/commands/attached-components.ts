/** Part 3, chapter 32: Attached Components. */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO, UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_AT_CODEC,
  TPM2B_MAX_BUFFER,
  TPM2B_NAME,
  TPMI_DH_OBJECT,
  TPMI_RH_AC,
  TPMI_RH_NV_AUTH,
  TPMI_SH_POLICY,
  TPML_AC_CAPABILITIES,
  TPMS_AC_OUTPUT,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_AC_GetCapability (32.2): returns the capabilities of an attached component.
 */
export const AC_GetCapability = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "AC_GetCapability",
    code: TPM_CC.AC_GetCapability,
    handles: {
      ac: handle(TPMI_RH_AC),
    },
    parameters: {
      capability: TPM_AT_CODEC,
      count: UINT32,
    },
    response: {
      moreData: TPMI_YES_NO,
      capabilitiesData: TPML_AC_CAPABILITIES,
    },
  }),
);

/**
 * TPM2_AC_Send (32.3): sends an object to an attached component.
 */
export const AC_Send = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "AC_Send",
    code: TPM_CC.AC_Send,
    handles: {
      sendObject: handle(TPMI_DH_OBJECT, "DUP"),
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      ac: handle(TPMI_RH_AC),
    },
    parameters: {
      acDataIn: TPM2B_MAX_BUFFER,
    },
    response: {
      acDataOut: TPMS_AC_OUTPUT,
    },
  }),
);

/**
 * TPM2_Policy_AC_SendSelect (32.4): ties AC_Send to a chosen object, authorizing entity and attached component.
 */
export const Policy_AC_SendSelect = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Policy_AC_SendSelect",
    code: TPM_CC.Policy_AC_SendSelect,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      objectName: TPM2B_NAME,
      authHandleName: TPM2B_NAME,
      acName: TPM2B_NAME,
      includeObject: TPMI_YES_NO,
    },
  }),
);
