/** Part 3, chapter 33: Authenticated Countdown Timer. */

import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPMI_RH_ACT } from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_ACT_SetTimeout (33.2): sets the timeout of an authenticated countdown timer.
 */
export const ACT_SetTimeout = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ACT_SetTimeout",
    code: TPM_CC.ACT_SetTimeout,
    handles: {
      actHandle: handle(TPMI_RH_ACT, "USER"),
    },
    parameters: {
      startTimeout: UINT32,
    },
  }),
);
