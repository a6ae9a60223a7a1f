/** Part 3, chapter 20: Signing and Signature Verification. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DIGEST,
  TPMI_DH_OBJECT,
  TPMT_SIG_SCHEME,
  TPMT_SIGNATURE,
  TPMT_TK_HASHCHECK,
  TPMT_TK_VERIFIED,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_VerifySignature (20.1): verifies a signature with a loaded public key and returns a ticket.
 */
export const VerifySignature = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "VerifySignature",
    code: TPM_CC.VerifySignature,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      digest: TPM2B_DIGEST,
      signature: TPMT_SIGNATURE,
    },
    response: {
      validation: TPMT_TK_VERIFIED,
    },
  }),
);

/**
 * TPM2_Sign (20.2): signs a digest with a loaded private key.
 */
export const Sign = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Sign",
    code: TPM_CC.Sign,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      digest: TPM2B_DIGEST,
      inScheme: TPMT_SIG_SCHEME.plus,
      validation: TPMT_TK_HASHCHECK,
    },
    response: {
      signature: TPMT_SIGNATURE,
    },
  }),
);
