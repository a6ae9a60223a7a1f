/** Part 3, chapter 19: Ephemeral EC Keys. */

import { lazy } from "../codec/lazy.js";
import { UINT16 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_ECC_PARAMETER,
  TPM2B_ECC_POINT,
  TPM2B_SENSITIVE_DATA,
  TPMI_DH_OBJECT,
  TPMI_ECC_CURVE,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_Commit (19.2): first phase of an ECDAA (or similar) anonymous signature.
 */
export const Commit = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Commit",
    code: TPM_CC.Commit,
    handles: {
      signHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      P1: TPM2B_ECC_POINT,
      s2: TPM2B_SENSITIVE_DATA,
      y2: TPM2B_ECC_PARAMETER,
    },
    response: {
      K: TPM2B_ECC_POINT,
      L: TPM2B_ECC_POINT,
      E: TPM2B_ECC_POINT,
      counter: UINT16,
    },
  }),
);

/**
 * TPM2_EC_Ephemeral (19.3): makes an ephemeral key for a two-phase key exchange.
 */
export const EC_Ephemeral = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "EC_Ephemeral",
    code: TPM_CC.EC_Ephemeral,
    parameters: {
      curveID: TPMI_ECC_CURVE,
    },
    response: {
      Q: TPM2B_ECC_POINT,
      counter: UINT16,
    },
  }),
);
