/** Part 3, chapter 31: Non-volatile Storage. */

import { lazy } from "../codec/lazy.js";
import { UINT16, UINT64 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_ATTEST,
  TPM2B_AUTH,
  TPM2B_DATA,
  TPM2B_MAX_NV_BUFFER,
  TPM2B_NAME,
  TPM2B_NV_PUBLIC,
  TPM2B_NV_PUBLIC_2,
  TPMI_DH_OBJECT,
  TPMI_RH_NV_AUTH,
  TPMI_RH_NV_DEFINED_INDEX,
  TPMI_RH_NV_INDEX,
  TPMI_RH_PLATFORM,
  TPMI_RH_PROVISION,
  TPMT_SIG_SCHEME,
  TPMT_SIGNATURE,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_NV_DefineSpace (31.3): defines an NV Index.
 */
export const NV_DefineSpace = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_DefineSpace",
    code: TPM_CC.NV_DefineSpace,
    handles: {
      authHandle: handle(TPMI_RH_PROVISION, "USER"),
    },
    parameters: {
      auth: TPM2B_AUTH,
      publicInfo: TPM2B_NV_PUBLIC,
    },
  }),
);

/**
 * TPM2_NV_UndefineSpace (31.4): removes an NV Index.
 */
export const NV_UndefineSpace = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_UndefineSpace",
    code: TPM_CC.NV_UndefineSpace,
    handles: {
      authHandle: handle(TPMI_RH_PROVISION, "USER"),
      nvIndex: handle(TPMI_RH_NV_DEFINED_INDEX),
    },
  }),
);

/**
 * TPM2_NV_UndefineSpaceSpecial (31.5): removes an NV Index that has TPMA_NV_POLICY_DELETE set.
 */
export const NV_UndefineSpaceSpecial = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_UndefineSpaceSpecial",
    code: TPM_CC.NV_UndefineSpaceSpecial,
    handles: {
      nvIndex: handle(TPMI_RH_NV_DEFINED_INDEX, "ADMIN"),
      platform: handle(TPMI_RH_PLATFORM, "USER"),
    },
  }),
);

/**
 * TPM2_NV_ReadPublic (31.6): returns an NV Index's public area and Name.
 */
export const NV_ReadPublic = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_ReadPublic",
    code: TPM_CC.NV_ReadPublic,
    handles: {
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    response: {
      nvPublic: TPM2B_NV_PUBLIC,
      nvName: TPM2B_NAME,
    },
  }),
);

/**
 * TPM2_NV_Write (31.7): writes data to an ordinary NV Index.
 */
export const NV_Write = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_Write",
    code: TPM_CC.NV_Write,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    parameters: {
      data: TPM2B_MAX_NV_BUFFER,
      offset: UINT16,
    },
  }),
);

/**
 * TPM2_NV_Increment (31.8): increments an NV counter.
 */
export const NV_Increment = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_Increment",
    code: TPM_CC.NV_Increment,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
  }),
);

/**
 * TPM2_NV_Extend (31.9): extends data into an NV extend Index.
 */
export const NV_Extend = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_Extend",
    code: TPM_CC.NV_Extend,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    parameters: {
      data: TPM2B_MAX_NV_BUFFER,
    },
  }),
);

/**
 * TPM2_NV_SetBits (31.10): ORs bits into an NV bit-field Index.
 */
export const NV_SetBits = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_SetBits",
    code: TPM_CC.NV_SetBits,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    parameters: {
      bits: UINT64,
    },
  }),
);

/**
 * TPM2_NV_WriteLock (31.11): locks an NV Index against writes.
 */
export const NV_WriteLock = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_WriteLock",
    code: TPM_CC.NV_WriteLock,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
  }),
);

/**
 * TPM2_NV_GlobalWriteLock (31.12): write-locks every NV Index with TPMA_NV_GLOBALLOCK.
 */
export const NV_GlobalWriteLock = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_GlobalWriteLock",
    code: TPM_CC.NV_GlobalWriteLock,
    handles: {
      authHandle: handle(TPMI_RH_PROVISION, "USER"),
    },
  }),
);

/**
 * TPM2_NV_Read (31.13): reads data from an NV Index.
 */
export const NV_Read = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_Read",
    code: TPM_CC.NV_Read,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    parameters: {
      size: UINT16,
      offset: UINT16,
    },
    response: {
      data: TPM2B_MAX_NV_BUFFER,
    },
  }),
);

/**
 * TPM2_NV_ReadLock (31.14): locks an NV Index against reads until the next TPM Reset.
 */
export const NV_ReadLock = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_ReadLock",
    code: TPM_CC.NV_ReadLock,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
  }),
);

/**
 * TPM2_NV_ChangeAuth (31.15): changes an NV Index's authValue.
 */
export const NV_ChangeAuth = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_ChangeAuth",
    code: TPM_CC.NV_ChangeAuth,
    handles: {
      nvIndex: handle(TPMI_RH_NV_INDEX, "ADMIN"),
    },
    parameters: {
      newAuth: TPM2B_AUTH,
    },
  }),
);

/**
 * TPM2_NV_Certify (31.16): attests the contents of an NV Index.
 */
export const NV_Certify = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_Certify",
    code: TPM_CC.NV_Certify,
    handles: {
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
      size: UINT16,
      offset: UINT16,
    },
    response: {
      certifyInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_NV_DefineSpace2 (31.17): defines an NV Index with the expanded public area (TPM2B_NV_PUBLIC_2).
 */
export const NV_DefineSpace2 = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_DefineSpace2",
    code: TPM_CC.NV_DefineSpace2,
    handles: {
      authHandle: handle(TPMI_RH_PROVISION, "USER"),
    },
    parameters: {
      auth: TPM2B_AUTH,
      publicInfo: TPM2B_NV_PUBLIC_2,
    },
  }),
);

/**
 * TPM2_NV_ReadPublic2 (31.18): returns an NV Index's expanded public area and Name.
 */
export const NV_ReadPublic2 = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NV_ReadPublic2",
    code: TPM_CC.NV_ReadPublic2,
    handles: {
      nvIndex: handle(TPMI_RH_NV_INDEX),
    },
    response: {
      nvPublic: TPM2B_NV_PUBLIC_2,
      nvName: TPM2B_NAME,
    },
  }),
);
