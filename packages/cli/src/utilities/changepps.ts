/** changepps: TPM2_ChangePPS, a new platform primary seed (platform authorization). */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** changepps [-pwda platform password]. */
export const changepps: Utility = {
  name: "changepps",
  summary: "Runs TPM2_ChangePPS",
  flags: { "-pwda": "string", ...SESSION_FLAGS },
  usage: [
    "\t-pwda\tauthorization password (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    await (await ctx.tss()).changePPS(
      { authHandle: TPM_RH.PLATFORM },
      {
        sessions: ctx.sessions(true, ctx.flags.string("-pwda"))!,
      },
    );
  },
};
