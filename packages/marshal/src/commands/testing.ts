/** Part 3, chapter 10: Testing. */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM_RC_CODEC, TPM2B_MAX_BUFFER, TPML_ALG } from "../types/index.js";
import { defineCommand } from "./command-schema.js";

/**
 * TPM2_SelfTest (10.2): tests the TPM's capabilities (all of them, or those not yet tested).
 */
export const SelfTest = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SelfTest",
    code: TPM_CC.SelfTest,
    parameters: {
      fullTest: TPMI_YES_NO,
    },
  }),
);

/**
 * TPM2_IncrementalSelfTest (10.3): tests the listed algorithms; returns those still to be tested.
 */
export const IncrementalSelfTest = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "IncrementalSelfTest",
    code: TPM_CC.IncrementalSelfTest,
    parameters: {
      toTest: TPML_ALG,
    },
    response: {
      toDoList: TPML_ALG,
    },
  }),
);

/**
 * TPM2_GetTestResult (10.4): returns the manufacturer-specific self-test result.
 */
export const GetTestResult = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetTestResult",
    code: TPM_CC.GetTestResult,
    response: {
      outData: TPM2B_MAX_BUFFER,
      testResult: TPM_RC_CODEC,
    },
  }),
);
