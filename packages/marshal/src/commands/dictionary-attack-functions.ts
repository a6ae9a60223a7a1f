/** Part 3, chapter 25: Dictionary Attack Functions. */

import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPMI_RH_LOCKOUT } from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_DictionaryAttackLockReset (25.2): cancels dictionary-attack lockout.
 */
export const DictionaryAttackLockReset = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "DictionaryAttackLockReset",
    code: TPM_CC.DictionaryAttackLockReset,
    handles: {
      lockHandle: handle(TPMI_RH_LOCKOUT, "USER"),
    },
  }),
);

/**
 * TPM2_DictionaryAttackParameters (25.3): sets the dictionary-attack protection parameters.
 */
export const DictionaryAttackParameters = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "DictionaryAttackParameters",
    code: TPM_CC.DictionaryAttackParameters,
    handles: {
      lockHandle: handle(TPMI_RH_LOCKOUT, "USER"),
    },
    parameters: {
      newMaxTries: UINT32,
      newRecoveryTime: UINT32,
      lockoutRecovery: UINT32,
    },
  }),
);
