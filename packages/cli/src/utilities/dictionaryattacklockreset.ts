/** dictionaryattacklockreset: TPM2_DictionaryAttackLockReset with lockout authorization. */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** dictionaryattacklockreset [-pwd lockout password]. */
export const dictionaryattacklockreset: Utility = {
  name: "dictionaryattacklockreset",
  summary: "Runs TPM2_DictionaryAttackLockReset",
  flags: { "-pwd": "string", ...SESSION_FLAGS },
  usage: [
    "\t[-pwd\tlockout auth password (default empty)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    await (await ctx.tss()).dictionaryAttackLockReset(
      { lockHandle: TPM_RH.LOCKOUT },
      {
        sessions: ctx.sessions(true, ctx.flags.string("-pwd"))!,
      },
    );
  },
};
