/** Part 3, chapter 30: Capability Commands. */
import { UINT32 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { TPMI_YES_NO } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPMS_CAPABILITY_DATA } from "../types/index.js";
import { defineCommand } from "./command-schema.js";

/** TPM2_GetCapability (30.2). */
export const GetCapability = defineCommand({
  name: "GetCapability",
  code: TPM_CC.GetCapability,
  parameters: { capability: renamed("TPM_CAP", UINT32), property: UINT32, propertyCount: UINT32 },
  response: { moreData: TPMI_YES_NO, capabilityData: TPMS_CAPABILITY_DATA },
});
