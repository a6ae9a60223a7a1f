/** Part 3, chapter 26: Miscellaneous Management Functions. */

import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPMI_RH_PLATFORM, TPML_CC } from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_PP_Commands (26.2): sets which commands require physical presence.
 */
export const PP_Commands = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "PP_Commands",
    code: TPM_CC.PP_Commands,
    handles: {
      auth: handle(TPMI_RH_PLATFORM, "USER"),
    },
    parameters: {
      setList: TPML_CC,
      clearList: TPML_CC,
    },
  }),
);

/**
 * TPM2_SetAlgorithmSet (26.3): selects a vendor-specific algorithm set.
 */
export const SetAlgorithmSet = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SetAlgorithmSet",
    code: TPM_CC.SetAlgorithmSet,
    handles: {
      authHandle: handle(TPMI_RH_PLATFORM, "USER"),
    },
    parameters: {
      algorithmSet: UINT32,
    },
  }),
);
