/** Part 3, chapter 18: Attestation Commands. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_ATTEST,
  TPM2B_DATA,
  TPM2B_DIGEST,
  TPM2B_MAX_BUFFER,
  TPMI_DH_OBJECT,
  TPMI_RH_ENDORSEMENT,
  TPMI_SH_HMAC,
  TPML_PCR_SELECTION,
  TPMT_SIG_SCHEME,
  TPMT_SIGNATURE,
  TPMT_TK_CREATION,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_Certify (18.2): attests that an object is loaded in the TPM.
 */
export const Certify = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Certify",
    code: TPM_CC.Certify,
    handles: {
      objectHandle: handle(TPMI_DH_OBJECT, "ADMIN"),
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
    },
    response: {
      certifyInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_CertifyCreation (18.3): attests the association between an object and its creation data.
 */
export const CertifyCreation = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "CertifyCreation",
    code: TPM_CC.CertifyCreation,
    handles: {
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
      objectHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      creationHash: TPM2B_DIGEST,
      inScheme: TPMT_SIG_SCHEME.plus,
      creationTicket: TPMT_TK_CREATION,
    },
    response: {
      certifyInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_Quote (18.4): signs a digest of selected PCR values.
 */
export const Quote = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Quote",
    code: TPM_CC.Quote,
    handles: {
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
      PCRselect: TPML_PCR_SELECTION,
    },
    response: {
      quoted: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_GetSessionAuditDigest (18.5): signs the audit digest of an audit session.
 */
export const GetSessionAuditDigest = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetSessionAuditDigest",
    code: TPM_CC.GetSessionAuditDigest,
    handles: {
      privacyAdminHandle: handle(TPMI_RH_ENDORSEMENT, "USER"),
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
      sessionHandle: handle(TPMI_SH_HMAC),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
    },
    response: {
      auditInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_GetCommandAuditDigest (18.6): signs the command audit digest and the list of audited commands.
 */
export const GetCommandAuditDigest = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetCommandAuditDigest",
    code: TPM_CC.GetCommandAuditDigest,
    handles: {
      privacyHandle: handle(TPMI_RH_ENDORSEMENT, "USER"),
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
    },
    response: {
      auditInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_GetTime (18.7): signs the current time and clock values.
 */
export const GetTime = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetTime",
    code: TPM_CC.GetTime,
    handles: {
      privacyAdminHandle: handle(TPMI_RH_ENDORSEMENT, "USER"),
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
    },
    parameters: {
      qualifyingData: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
    },
    response: {
      timeInfo: TPM2B_ATTEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);

/**
 * TPM2_CertifyX509 (18.8): signs an X.509 certificate for an object from a partial certificate.
 */
export const CertifyX509 = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "CertifyX509",
    code: TPM_CC.CertifyX509,
    handles: {
      objectHandle: handle(TPMI_DH_OBJECT, "ADMIN"),
      signHandle: handle(TPMI_DH_OBJECT.plus, "USER"),
    },
    parameters: {
      reserved: TPM2B_DATA,
      inScheme: TPMT_SIG_SCHEME.plus,
      partialCertificate: TPM2B_MAX_BUFFER,
    },
    response: {
      addedToCertificate: TPM2B_MAX_BUFFER,
      tbsDigest: TPM2B_DIGEST,
      // TPMT_SIGNATURE+: the NULL signature when signHandle is TPM_RH_NULL.
      signature: TPMT_SIGNATURE.plus,
    },
  }),
);
