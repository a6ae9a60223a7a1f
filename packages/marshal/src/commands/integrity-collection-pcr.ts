/** Part 3, chapter 22: Integrity Collection (PCR). */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO, UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DIGEST,
  TPM2B_EVENT,
  TPMI_ALG_HASH,
  TPMI_DH_PCR,
  TPMI_RH_PLATFORM,
  TPML_DIGEST,
  TPML_DIGEST_VALUES,
  TPML_PCR_SELECTION,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_PCR_Extend (22.2): extends digests into a PCR, one per bank.
 */
export const PCR_Extend = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_Extend",
    code: TPM_CC.PCR_Extend,
    handles: {
      pcrHandle: handle(TPMI_DH_PCR.plus, "USER"),
    },
    parameters: {
      digests: TPML_DIGEST_VALUES,
    },
  }),
);

/**
 * TPM2_PCR_Event (22.3): hashes event data with every bank's algorithm and extends a PCR.
 */
export const PCR_Event = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_Event",
    code: TPM_CC.PCR_Event,
    handles: {
      pcrHandle: handle(TPMI_DH_PCR.plus, "USER"),
    },
    parameters: {
      eventData: TPM2B_EVENT,
    },
    response: {
      digests: TPML_DIGEST_VALUES,
    },
  }),
);

/**
 * TPM2_PCR_Read (22.4): returns the values of selected PCRs.
 */
export const PCR_Read = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_Read",
    code: TPM_CC.PCR_Read,
    parameters: {
      pcrSelectionIn: TPML_PCR_SELECTION,
    },
    response: {
      pcrUpdateCounter: UINT32,
      pcrSelectionOut: TPML_PCR_SELECTION,
      pcrValues: TPML_DIGEST,
    },
  }),
);

/**
 * TPM2_PCR_Allocate (22.5): sets the PCR banks to allocate at the next TPM reset.
 */
export const PCR_Allocate = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_Allocate",
    code: TPM_CC.PCR_Allocate,
    handles: {
      authHandle: handle(TPMI_RH_PLATFORM, "USER"),
    },
    parameters: {
      pcrAllocation: TPML_PCR_SELECTION,
    },
    response: {
      allocationSuccess: TPMI_YES_NO,
      maxPCR: UINT32,
      sizeNeeded: UINT32,
      sizeAvailable: UINT32,
    },
  }),
);

/**
 * TPM2_PCR_SetAuthPolicy (22.6): sets the authorization policy of a PCR group.
 */
export const PCR_SetAuthPolicy = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_SetAuthPolicy",
    code: TPM_CC.PCR_SetAuthPolicy,
    handles: {
      authHandle: handle(TPMI_RH_PLATFORM, "USER"),
    },
    parameters: {
      authPolicy: TPM2B_DIGEST,
      hashAlg: TPMI_ALG_HASH.plus,
      pcrNum: TPMI_DH_PCR,
    },
  }),
);

/**
 * TPM2_PCR_SetAuthValue (22.7): sets the authValue of a PCR in an authorization group.
 */
export const PCR_SetAuthValue = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_SetAuthValue",
    code: TPM_CC.PCR_SetAuthValue,
    handles: {
      pcrHandle: handle(TPMI_DH_PCR, "USER"),
    },
    parameters: {
      auth: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_PCR_Reset (22.8): resets a resettable PCR.
 */
export const PCR_Reset = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PCR_Reset",
    code: TPM_CC.PCR_Reset,
    handles: {
      pcrHandle: handle(TPMI_DH_PCR, "USER"),
    },
  }),
);
