/** Part 3, chapter 16: Random Number Generator. */
import { tpm2b } from "../codec/bytes.js";
import { UINT16 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPM2B_DIGEST } from "../types/structures.js";
import { defineCommand } from "./command-schema.js";

/** TPM2_GetRandom (16.1). */
export const GetRandom = defineCommand({
  name: "GetRandom",
  code: TPM_CC.GetRandom,
  parameters: { bytesRequested: UINT16 },
  response: { randomBytes: TPM2B_DIGEST },
});
/** TPM2_StirRandom (16.2). */
export const StirRandom = defineCommand({
  name: "StirRandom",
  code: TPM_CC.StirRandom,
  parameters: { inData: tpm2b("TPM2B_SENSITIVE_DATA", 256) },
});
