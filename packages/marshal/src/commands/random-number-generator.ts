/** Part 3, chapter 16: Random Number Generator. */

import { lazy } from "../codec/lazy.js";
import { UINT16 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM2B_DIGEST, TPM2B_SENSITIVE_DATA } from "../types/index.js";
import { defineCommand } from "./command-schema.js";

/**
 * TPM2_GetRandom (16.1): returns random octets from the TPM's random number generator.
 */
export const GetRandom = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "GetRandom",
    code: TPM_CC.GetRandom,
    parameters: {
      bytesRequested: UINT16,
    },
    response: {
      randomBytes: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_StirRandom (16.2): adds entropy to the TPM's random number generator state.
 */
export const StirRandom = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "StirRandom",
    code: TPM_CC.StirRandom,
    parameters: {
      inData: TPM2B_SENSITIVE_DATA,
    },
  }),
);
