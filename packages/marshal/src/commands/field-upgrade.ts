/** Part 3, chapter 27: Field Upgrade. */

import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DIGEST,
  TPM2B_MAX_BUFFER,
  TPMI_DH_OBJECT,
  TPMI_RH_PLATFORM,
  TPMT_HA,
  TPMT_SIGNATURE,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_FieldUpgradeStart (27.2): starts a field upgrade with a signed manifest digest.
 */
export const FieldUpgradeStart = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "FieldUpgradeStart",
    code: TPM_CC.FieldUpgradeStart,
    handles: {
      authorization: handle(TPMI_RH_PLATFORM, "ADMIN"),
      keyHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      fuDigest: TPM2B_DIGEST,
      manifestSignature: TPMT_SIGNATURE,
    },
  }),
);

/**
 * TPM2_FieldUpgradeData (27.3): sends one block of field upgrade data.
 */
export const FieldUpgradeData = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "FieldUpgradeData",
    code: TPM_CC.FieldUpgradeData,
    parameters: {
      fuData: TPM2B_MAX_BUFFER,
    },
    response: {
      // TPMT_HA+: TPM_ALG_NULL once the last block is in.
      nextDigest: TPMT_HA.plus,
      firstDigest: TPMT_HA,
    },
  }),
);

/**
 * TPM2_FirmwareRead (27.4): reads the TPM's firmware image, block by block.
 */
export const FirmwareRead = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "FirmwareRead",
    code: TPM_CC.FirmwareRead,
    parameters: {
      sequenceNumber: UINT32,
    },
    response: {
      fuData: TPM2B_MAX_BUFFER,
    },
  }),
);
