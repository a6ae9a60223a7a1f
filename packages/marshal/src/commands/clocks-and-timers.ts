/** Part 3, chapter 29: Clocks and Timers. */

import { lazy } from "../codec/lazy.js";
import { UINT64 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM_CLOCK_ADJUST_CODEC, TPMI_RH_PROVISION, TPMS_TIME_INFO } from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_ReadClock (29.1): returns the current time and clock values.
 */
export const ReadClock = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ReadClock",
    code: TPM_CC.ReadClock,
    response: {
      currentTime: TPMS_TIME_INFO,
    },
  }),
);

/**
 * TPM2_ClockSet (29.2): advances the TPM's Clock.
 */
export const ClockSet = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ClockSet",
    code: TPM_CC.ClockSet,
    handles: {
      auth: handle(TPMI_RH_PROVISION, "USER"),
    },
    parameters: {
      newTime: UINT64,
    },
  }),
);

/**
 * TPM2_ClockRateAdjust (29.3): adjusts the rate at which Clock advances.
 */
export const ClockRateAdjust = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ClockRateAdjust",
    code: TPM_CC.ClockRateAdjust,
    handles: {
      auth: handle(TPMI_RH_PROVISION, "USER"),
    },
    parameters: {
      rateAdjust: TPM_CLOCK_ADJUST_CODEC,
    },
  }),
);
