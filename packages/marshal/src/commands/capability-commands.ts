/** Part 3, chapter 30: Capability Commands. */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO, UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_CAP_CODEC,
  TPM2B_SET_CAPABILITY_DATA,
  TPMI_RH_HIERARCHY,
  TPMS_CAPABILITY_DATA,
  TPMT_PUBLIC_PARMS,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_GetCapability (30.2): returns TPM capabilities and properties.
 */
export const GetCapability = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetCapability",
    code: TPM_CC.GetCapability,
    parameters: {
      capability: TPM_CAP_CODEC,
      property: UINT32,
      propertyCount: UINT32,
    },
    response: {
      moreData: TPMI_YES_NO,
      capabilityData: TPMS_CAPABILITY_DATA,
    },
  }),
);

/**
 * TPM2_TestParms (30.3): checks whether the TPM supports a set of algorithm parameters.
 */
export const TestParms = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "TestParms",
    code: TPM_CC.TestParms,
    parameters: {
      parameters: TPMT_PUBLIC_PARMS,
    },
  }),
);

/**
 * TPM2_SetCapability (30.4): sets a settable TPM capability.
 */
export const SetCapability = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SetCapability",
    code: TPM_CC.SetCapability,
    handles: {
      authHandle: handle(TPMI_RH_HIERARCHY, "USER"),
    },
    parameters: {
      setCapabilityData: TPM2B_SET_CAPABILITY_DATA,
    },
  }),
);
