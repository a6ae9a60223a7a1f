/** Part 3, chapter 22: Integrity Collection (PCR). */
import { UINT32 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPML_DIGEST, TPML_PCR_SELECTION } from "../types/structures.js";
import { defineCommand } from "./command-schema.js";

/** TPM2_PCR_Read (22.4). */
export const PCR_Read = defineCommand({
  name: "PCR_Read",
  code: TPM_CC.PCR_Read,
  parameters: { pcrSelectionIn: TPML_PCR_SELECTION },
  response: { pcrUpdateCounter: UINT32, pcrSelectionOut: TPML_PCR_SELECTION, pcrValues: TPML_DIGEST },
});
