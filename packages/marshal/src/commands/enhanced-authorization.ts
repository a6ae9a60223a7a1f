/** Part 3, chapter 23: Enhanced Authorization (EA) Commands. */

import { lazy } from "../codec/lazy.js";
import { INT32, TPMI_YES_NO, UINT16, UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_CAP_CODEC,
  TPM_CC_CODEC,
  TPM_EO_CODEC,
  TPM2B_DIGEST,
  TPM2B_NAME,
  TPM2B_NONCE,
  TPM2B_OPERAND,
  TPM2B_TIMEOUT,
  TPMA_LOCALITY_CODEC,
  TPMI_DH_ENTITY,
  TPMI_DH_OBJECT,
  TPMI_RH_NV_AUTH,
  TPMI_RH_NV_INDEX,
  TPMI_SH_POLICY,
  TPML_DIGEST,
  TPML_PCR_SELECTION,
  TPMT_SIGNATURE,
  TPMT_TK_AUTH,
  TPMT_TK_VERIFIED,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_PolicySigned (23.3): includes a signed authorization in a policy.
 */
export const PolicySigned = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicySigned",
    code: TPM_CC.PolicySigned,
    handles: {
      authObject: handle(TPMI_DH_OBJECT),
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      nonceTPM: TPM2B_NONCE,
      cpHashA: TPM2B_DIGEST,
      policyRef: TPM2B_NONCE,
      expiration: INT32,
      auth: TPMT_SIGNATURE,
    },
    response: {
      timeout: TPM2B_TIMEOUT,
      policyTicket: TPMT_TK_AUTH,
    },
  }),
);

/**
 * TPM2_PolicySecret (23.4): includes a secret-based authorization (an entity's authValue or policy) in a policy.
 */
export const PolicySecret = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicySecret",
    code: TPM_CC.PolicySecret,
    handles: {
      authHandle: handle(TPMI_DH_ENTITY, "USER"),
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      nonceTPM: TPM2B_NONCE,
      cpHashA: TPM2B_DIGEST,
      policyRef: TPM2B_NONCE,
      expiration: INT32,
    },
    response: {
      timeout: TPM2B_TIMEOUT,
      policyTicket: TPMT_TK_AUTH,
    },
  }),
);

/**
 * TPM2_PolicyTicket (23.5): includes a ticket from PolicySigned or PolicySecret in a policy.
 */
export const PolicyTicket = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyTicket",
    code: TPM_CC.PolicyTicket,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      timeout: TPM2B_TIMEOUT,
      cpHashA: TPM2B_DIGEST,
      policyRef: TPM2B_NONCE,
      authName: TPM2B_NAME,
      ticket: TPMT_TK_AUTH,
    },
  }),
);

/**
 * TPM2_PolicyOR (23.6): allows one of several policy branches.
 */
export const PolicyOR = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyOR",
    code: TPM_CC.PolicyOR,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      pHashList: TPML_DIGEST,
    },
  }),
);

/**
 * TPM2_PolicyPCR (23.7): ties a policy to PCR values.
 */
export const PolicyPCR = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyPCR",
    code: TPM_CC.PolicyPCR,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      pcrDigest: TPM2B_DIGEST,
      pcrs: TPML_PCR_SELECTION,
    },
  }),
);

/**
 * TPM2_PolicyLocality (23.8): ties a policy to a locality.
 */
export const PolicyLocality = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyLocality",
    code: TPM_CC.PolicyLocality,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      locality: TPMA_LOCALITY_CODEC,
    },
  }),
);

/**
 * TPM2_PolicyNV (23.9): ties a policy to the contents of an NV Index.
 */
export const PolicyNV = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyNV",
    code: TPM_CC.PolicyNV,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      operandB: TPM2B_OPERAND,
      offset: UINT16,
      operation: TPM_EO_CODEC,
    },
  }),
);

/**
 * TPM2_PolicyCounterTimer (23.10): ties a policy to the TPM's clock and counters.
 */
export const PolicyCounterTimer = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyCounterTimer",
    code: TPM_CC.PolicyCounterTimer,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      operandB: TPM2B_OPERAND,
      offset: UINT16,
      operation: TPM_EO_CODEC,
    },
  }),
);

/**
 * TPM2_PolicyCommandCode (23.11): ties a policy to one command code.
 */
export const PolicyCommandCode = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyCommandCode",
    code: TPM_CC.PolicyCommandCode,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      code: TPM_CC_CODEC,
    },
  }),
);

/**
 * TPM2_PolicyPhysicalPresence (23.12): requires physical presence for the authorized command.
 */
export const PolicyPhysicalPresence = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyPhysicalPresence",
    code: TPM_CC.PolicyPhysicalPresence,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
  }),
);

/**
 * TPM2_PolicyCpHash (23.13): ties a policy to a command's parameter hash.
 */
export const PolicyCpHash = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyCpHash",
    code: TPM_CC.PolicyCpHash,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      cpHashA: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_PolicyNameHash (23.14): ties a policy to the Names of the command's handles.
 */
export const PolicyNameHash = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyNameHash",
    code: TPM_CC.PolicyNameHash,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      nameHash: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_PolicyDuplicationSelect (23.15): ties duplication to a chosen new parent (and optionally object).
 */
export const PolicyDuplicationSelect = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyDuplicationSelect",
    code: TPM_CC.PolicyDuplicationSelect,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      objectName: TPM2B_NAME,
      newParentName: TPM2B_NAME,
      includeObject: TPMI_YES_NO,
    },
  }),
);

/**
 * TPM2_PolicyAuthorize (23.16): replaces policyDigest with one approved by a signing key.
 */
export const PolicyAuthorize = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyAuthorize",
    code: TPM_CC.PolicyAuthorize,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      approvedPolicy: TPM2B_DIGEST,
      policyRef: TPM2B_NONCE,
      keySign: TPM2B_NAME,
      checkTicket: TPMT_TK_VERIFIED,
    },
  }),
);

/**
 * TPM2_PolicyAuthValue (23.17): requires the authorized entity's authValue in the HMAC.
 */
export const PolicyAuthValue = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyAuthValue",
    code: TPM_CC.PolicyAuthValue,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
  }),
);

/**
 * TPM2_PolicyPassword (23.18): requires the authorized entity's authValue as a cleartext password.
 */
export const PolicyPassword = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyPassword",
    code: TPM_CC.PolicyPassword,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
  }),
);

/**
 * TPM2_PolicyGetDigest (23.19): returns a policy session's current policyDigest.
 */
export const PolicyGetDigest = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyGetDigest",
    code: TPM_CC.PolicyGetDigest,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    response: {
      policyDigest: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_PolicyNvWritten (23.20): ties a policy to the TPMA_NV_WRITTEN state of an NV Index.
 */
export const PolicyNvWritten = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyNvWritten",
    code: TPM_CC.PolicyNvWritten,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      writtenSet: TPMI_YES_NO,
    },
  }),
);

/**
 * TPM2_PolicyTemplate (23.21): ties a policy to the template of the object to create.
 */
export const PolicyTemplate = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyTemplate",
    code: TPM_CC.PolicyTemplate,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      templateHash: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_PolicyAuthorizeNV (23.22): replaces policyDigest with the policy held in an NV Index.
 */
export const PolicyAuthorizeNV = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyAuthorizeNV",
    code: TPM_CC.PolicyAuthorizeNV,
    handles: {
      authHandle: handle(TPMI_RH_NV_AUTH, "USER"),
      nvIndex: handle(TPMI_RH_NV_INDEX),
      policySession: handle(TPMI_SH_POLICY),
    },
  }),
);

/**
 * TPM2_PolicyCapability (23.23): ties a policy to a TPM capability value.
 */
export const PolicyCapability = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyCapability",
    code: TPM_CC.PolicyCapability,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      operandB: TPM2B_OPERAND,
      offset: UINT16,
      operation: TPM_EO_CODEC,
      capability: TPM_CAP_CODEC,
      property: UINT32,
    },
  }),
);

/**
 * TPM2_PolicyParameters (23.24): ties a policy to the command's parameters (pHash).
 */
export const PolicyParameters = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyParameters",
    code: TPM_CC.PolicyParameters,
    handles: {
      policySession: handle(TPMI_SH_POLICY),
    },
    parameters: {
      pHash: TPM2B_DIGEST,
    },
  }),
);
