/** Part 3, chapter 11: Session Commands. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_SE_CODEC,
  TPM2B_ENCRYPTED_SECRET,
  TPM2B_NONCE,
  TPMI_ALG_HASH,
  TPMI_DH_ENTITY,
  TPMI_DH_OBJECT,
  TPMI_SH_AUTH_SESSION,
  TPMI_SH_POLICY,
  TPMT_SYM_DEF,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_StartAuthSession (11.1): starts an HMAC, policy or trial session, optionally salted and bound.
 */
export const StartAuthSession = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "StartAuthSession",
    code: TPM_CC.StartAuthSession,
    handles: {
      tpmKey: handle(TPMI_DH_OBJECT.plus),
      bind: handle(TPMI_DH_ENTITY.plus),
    },
    parameters: {
      nonceCaller: TPM2B_NONCE,
      encryptedSalt: TPM2B_ENCRYPTED_SECRET,
      sessionType: TPM_SE_CODEC,
      symmetric: TPMT_SYM_DEF.plus,
      authHash: TPMI_ALG_HASH,
    },
    responseHandles: {
      sessionHandle: TPMI_SH_AUTH_SESSION,
    },
    response: {
      nonceTPM: TPM2B_NONCE,
    },
  }),
);

/**
 * TPM2_PolicyRestart (11.2): resets a policy session's policyDigest and state.
 */
export const PolicyRestart = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PolicyRestart",
    code: TPM_CC.PolicyRestart,
    handles: {
      sessionHandle: handle(TPMI_SH_POLICY),
    },
  }),
);
