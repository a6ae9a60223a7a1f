/** Part 3, chapter 34: Vendor Specific. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM2B_DATA } from "../types/index.js";
import { defineCommand } from "./command-schema.js";

/**
 * TPM2_Vendor_TCG_Test (34.2): the TCG's placeholder vendor-specific command (echoes data).
 */
export const Vendor_TCG_Test = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Vendor_TCG_Test",
    code: TPM_CC.Vendor_TCG_Test,
    parameters: {
      inputData: TPM2B_DATA,
    },
    response: {
      outputData: TPM2B_DATA,
    },
  }),
);
