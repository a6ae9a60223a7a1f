/** Part 3, chapter 9: Start-up. */
import { UINT16 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { defineCommand } from "./command-schema.js";

const TPM_SU_CODEC = renamed("TPM_SU", UINT16);

/** TPM2_Startup (9.3). */
export const Startup = defineCommand({ name: "Startup", code: TPM_CC.Startup, parameters: { startupType: TPM_SU_CODEC } });
/** TPM2_Shutdown (9.4). */
export const Shutdown = defineCommand({ name: "Shutdown", code: TPM_CC.Shutdown, parameters: { shutdownType: TPM_SU_CODEC } });
