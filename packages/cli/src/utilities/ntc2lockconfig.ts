/** ntc2lockconfig: Nuvoton NTC2_LockPreConfig, the pre-configuration locked for good. */
import { TPM_CC } from "@tss/marshal";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** ntc2lockconfig -lock (required, so that it is not run by accident). */
export const ntc2lockconfig: Utility = {
  name: "ntc2lockconfig",
  summary: "Runs NTC2_LockPreConfig",
  flags: { "-lock": "switch" },
  usage: ["-lock\t(required)"],
  async run(ctx) {
    if (!ctx.flags.has("-lock")) throw new UsageError("ntc2lockpreconfig requires -lock");
    await (await ctx.tss()).execute(TPM_CC.NTC2_LockPreConfig, {});
  },
};
