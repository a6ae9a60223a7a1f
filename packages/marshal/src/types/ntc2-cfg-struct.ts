/** Nuvoton's NTC2_CFG_STRUCT (vendor-specific, not Part 2): the NTC2 pre-configuration registers. */

import { lazy } from "../codec/lazy.js";
import { UINT8 } from "../codec/primitives.js";
import { struct } from "../codec/struct.js";

/** NTC2_CFG_STRUCT: eighteen one-byte registers, in this order. IsValid must be AAh; IsLocked reads AAh once locked, FFh before. */
export const NTC2_CFG_STRUCT = /* @__PURE__ */ lazy(() =>
  struct("NTC2_CFG_STRUCT", {
    i2cLoc1_2: UINT8,
    i2cLoc3_4: UINT8,
    AltCfg: UINT8,
    Direction: UINT8,
    PullUp: UINT8,
    PushPull: UINT8,
    CFG_A: UINT8,
    CFG_B: UINT8,
    CFG_C: UINT8,
    CFG_D: UINT8,
    CFG_E: UINT8,
    CFG_F: UINT8,
    CFG_G: UINT8,
    CFG_H: UINT8,
    CFG_I: UINT8,
    CFG_J: UINT8,
    IsValid: UINT8,
    IsLocked: UINT8,
  }),
);
