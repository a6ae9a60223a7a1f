/** Part 3, chapter 9: Start-up. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM_SU_CODEC } from "../types/index.js";
import { defineCommand } from "./command-schema.js";

/**
 * TPM2_Startup (9.3): initializes the TPM after _TPM_Init (clear, or resume saved state).
 */
export const Startup = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Startup",
    code: TPM_CC.Startup,
    parameters: {
      startupType: TPM_SU_CODEC,
    },
  }),
);

/**
 * TPM2_Shutdown (9.4): prepares the TPM for a power cycle, saving state when asked.
 */
export const Shutdown = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Shutdown",
    code: TPM_CC.Shutdown,
    parameters: {
      shutdownType: TPM_SU_CODEC,
    },
  }),
);
