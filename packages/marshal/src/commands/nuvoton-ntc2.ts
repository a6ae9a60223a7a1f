/**
 * Nuvoton's vendor commands of its NPCT6xx/7xx TPMs (NTC2): the pre-configuration
 * of the chip's I2C address, GPIO and feature registers, read, written once and
 * locked. Layout from Nuvoton's published command set (as the IBM TSS carries it):
 * no handles, no sessions, one 18-byte NTC2_CFG_STRUCT.
 */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { NTC2_CFG_STRUCT } from "../types/ntc2-cfg-struct.js";
import { defineCommand } from "./command-schema.js";

/** NTC2_PreConfig (0x20000211): writes the pre-configuration (IsLocked is ignored); refused once locked. */
export const NTC2_PreConfig = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NTC2_PreConfig",
    code: TPM_CC.NTC2_PreConfig,
    parameters: {
      preConfig: NTC2_CFG_STRUCT,
    },
  }),
);

/** NTC2_LockPreConfig (0x20000212): locks the pre-configuration for good. */
export const NTC2_LockPreConfig = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NTC2_LockPreConfig",
    code: TPM_CC.NTC2_LockPreConfig,
  }),
);

/** NTC2_GetConfig (0x20000213): reads the pre-configuration. */
export const NTC2_GetConfig = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "NTC2_GetConfig",
    code: TPM_CC.NTC2_GetConfig,
    response: {
      preConfig: NTC2_CFG_STRUCT,
    },
  }),
);
