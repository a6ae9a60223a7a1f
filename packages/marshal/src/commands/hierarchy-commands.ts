/** Part 3, chapter 24: Hierarchy Commands. */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_HANDLE_CODEC,
  TPM2B_AUTH,
  TPM2B_CREATION_DATA,
  TPM2B_DATA,
  TPM2B_DIGEST,
  TPM2B_NAME,
  TPM2B_PUBLIC,
  TPM2B_SENSITIVE_CREATE,
  TPMI_ALG_HASH,
  TPMI_RH_BASE_HIERARCHY,
  TPMI_RH_CLEAR,
  TPMI_RH_ENABLES,
  TPMI_RH_HIERARCHY,
  TPMI_RH_HIERARCHY_AUTH,
  TPMI_RH_HIERARCHY_POLICY,
  TPMI_RH_PLATFORM,
  TPML_PCR_SELECTION,
  TPMT_TK_CREATION,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_CreatePrimary (24.1): creates a primary object under a hierarchy and loads it.
 */
export const CreatePrimary = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "CreatePrimary",
    code: TPM_CC.CreatePrimary,
    handles: {
      primaryHandle: handle(TPMI_RH_HIERARCHY.plus, "USER"),
    },
    parameters: {
      inSensitive: TPM2B_SENSITIVE_CREATE,
      inPublic: TPM2B_PUBLIC,
      outsideInfo: TPM2B_DATA,
      creationPCR: TPML_PCR_SELECTION,
    },
    responseHandles: {
      objectHandle: TPM_HANDLE_CODEC,
    },
    response: {
      outPublic: TPM2B_PUBLIC,
      creationData: TPM2B_CREATION_DATA,
      creationHash: TPM2B_DIGEST,
      creationTicket: TPMT_TK_CREATION,
      name: TPM2B_NAME,
    },
  }),
);

/**
 * TPM2_HierarchyControl (24.2): enables or disables a hierarchy.
 */
export const HierarchyControl = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "HierarchyControl",
    code: TPM_CC.HierarchyControl,
    handles: {
      authHandle: handle(TPMI_RH_BASE_HIERARCHY, "USER"),
    },
    parameters: {
      enable: TPMI_RH_ENABLES,
      state: TPMI_YES_NO,
    },
  }),
);

/**
 * TPM2_SetPrimaryPolicy (24.3): sets the authorization policy of a hierarchy.
 */
export const SetPrimaryPolicy = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SetPrimaryPolicy",
    code: TPM_CC.SetPrimaryPolicy,
    handles: {
      authHandle: handle(TPMI_RH_HIERARCHY_POLICY, "USER"),
    },
    parameters: {
      authPolicy: TPM2B_DIGEST,
      hashAlg: TPMI_ALG_HASH.plus,
    },
  }),
);

/**
 * TPM2_ChangePPS (24.4): replaces the platform primary seed.
 */
export const ChangePPS = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ChangePPS",
    code: TPM_CC.ChangePPS,
    handles: {
      authHandle: handle(TPMI_RH_PLATFORM, "USER"),
    },
  }),
);

/**
 * TPM2_ChangeEPS (24.5): replaces the endorsement primary seed.
 */
export const ChangeEPS = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ChangeEPS",
    code: TPM_CC.ChangeEPS,
    handles: {
      authHandle: handle(TPMI_RH_PLATFORM, "USER"),
    },
  }),
);

/**
 * TPM2_Clear (24.6): clears the owner and endorsement hierarchies and NV owned by them.
 */
export const Clear = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Clear",
    code: TPM_CC.Clear,
    handles: {
      authHandle: handle(TPMI_RH_CLEAR, "USER"),
    },
  }),
);

/**
 * TPM2_ClearControl (24.7): allows or disallows TPM2_Clear.
 */
export const ClearControl = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ClearControl",
    code: TPM_CC.ClearControl,
    handles: {
      auth: handle(TPMI_RH_CLEAR, "USER"),
    },
    parameters: {
      disable: TPMI_YES_NO,
    },
  }),
);

/**
 * TPM2_HierarchyChangeAuth (24.8): changes a hierarchy's (or lockout's) authValue.
 */
export const HierarchyChangeAuth = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "HierarchyChangeAuth",
    code: TPM_CC.HierarchyChangeAuth,
    handles: {
      authHandle: handle(TPMI_RH_HIERARCHY_AUTH, "USER"),
    },
    parameters: {
      newAuth: TPM2B_AUTH,
    },
  }),
);
