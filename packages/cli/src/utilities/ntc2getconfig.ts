/** ntc2getconfig: Nuvoton NTC2_GetConfig, the pre-configuration printed and optionally verified. */
import { TPM_CC } from "@tss/marshal";
import { type Ntc2Config, ntc2ConfigText, requiredConfig, verifyConfig } from "../ntc2-config.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** ntc2getconfig [-verify | -verifylocked] [-p8 | -p9]. */
export const ntc2getconfig: Utility = {
  name: "ntc2getconfig",
  summary: "Runs NTC2_GetConfig",
  flags: { "-verify": "switch", "-verifylocked": "switch", "-p8": "switch", "-p9": "switch" },
  usage: [
    "\t[-verify\tVerify results against System P default (default no verify)]",
    "\t[-verifylocked\tAlso verify that the preconfig is locked",
    "\t\t(default verify not locked)]",
    "\t[-p8 or -p9\tVerify Nuvoton TPM for P8 or P9]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const locked = f.has("-verifylocked");
    const verify = locked || f.has("-verify");
    if (verify && !f.has("-p8") && !f.has("-p9")) throw new UsageError("either -p8 or -p9 must be specified");
    if (f.has("-p8") && f.has("-p9")) throw new UsageError("-p8 and -p9 cannot both be specified");
    const out = await (await ctx.tss()).execute(TPM_CC.NTC2_GetConfig, {});
    const config = out.preConfig as Ntc2Config;
    ctx.print(ntc2ConfigText(config));
    const errors = verify ? verifyConfig(requiredConfig(f.has("-p9")), config, locked) : [];
    ctx.result({ preConfig: config, ...(verify ? { verified: errors.length === 0, errors } : {}) });
    if (errors.length) {
      ctx.print(errors.map((e) => `${e}\n`).join(""));
      throw new Error("the pre-configuration does not verify (TPM_RC_VALUE)");
    }
  },
};
