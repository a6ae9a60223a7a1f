/** dictionaryattackparameters: TPM2_DictionaryAttackParameters with lockout authorization. */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** dictionaryattackparameters [-pwd] [-nmt tries (1)] [-nrt seconds (10)] [-lr seconds (1)]. */
export const dictionaryattackparameters: Utility = {
  name: "dictionaryattackparameters",
  summary: "Runs TPM2_DictionaryAttackParameters",
  flags: { "-pwd": "string", "-nmt": "dec", "-nrt": "dec", "-lr": "dec", ...SESSION_FLAGS },
  usage: [
    "\t[-pwd\tlockout auth password (default empty)]",
    "\t[-nmt\tnew max tries (default 1 try)]",
    "\t[-nrt\tnew recovery time (default 10 seconds)]",
    "\t[-lr\tlockout recovery (default 1 second)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const input = {
      lockHandle: TPM_RH.LOCKOUT,
      newMaxTries: f.number("-nmt") ?? 1,
      newRecoveryTime: f.number("-nrt") ?? 10,
      lockoutRecovery: f.number("-lr") ?? 1,
    };
    await (await ctx.tss()).dictionaryAttackParameters(input, {
      sessions: ctx.sessions(true, f.string("-pwd"))!,
    });
    ctx.result({
      newMaxTries: input.newMaxTries,
      newRecoveryTime: input.newRecoveryTime,
      lockoutRecovery: input.lockoutRecovery,
    });
  },
};
