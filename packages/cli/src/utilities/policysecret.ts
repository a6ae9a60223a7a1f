/** policysecret: TPM2_PolicySecret, proving knowledge of an entity's authorization; writes its ticket and timeout. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, read2BFile, sessionUsage, writeTicketFiles } from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The -exp expiration: a decimal INT32 (negative asks for a ticket). */
export function expirationFlag(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^-?\d{1,10}$/.test(text) || Number(text) > 0x7fffffff || Number(text) < -0x80000000)
    throw new UsageError(`bad parameter ${text} for -exp: expected a decimal INT32`);
  return Number(text);
}

/** policysecret -ha entity -hs policy session [-in] [-cp] [-pref] [-exp] [-pwde] [-tk] [-to]. */
export const policysecret: Utility = {
  name: "policysecret",
  summary: "Runs TPM2_PolicySecret",
  flags: {
    "-ha": "hex",
    "-hs": "hex",
    "-in": "string",
    "-cp": "string",
    "-pref": "string",
    "-exp": "string",
    "-pwde": "string",
    "-tk": "string",
    "-to": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\tauthorizing entity handle",
    "\t-hs\tpolicy session handle",
    "\t[-in\tnonceTPM file (default none)]",
    "\t[-cp\tcpHash file (default none)]",
    "\t[-pref\tpolicyRef file (default none)]",
    "\t[-exp\texpiration (default none)]",
    "\t[-pwde\tauthorizing entity password (default empty)]",
    "\t[-tk\tticket file name]",
    "\t[-to\ttimeout file name]",
    ...sessionUsage("PWAP", "\t20\tcommand decrypt", "\t40\tresponse encrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authHandle = f.number("-ha");
    if (authHandle === undefined) throw new UsageError("missing authorizing entity handle parameter -ha");
    const policySession = policySessionFlag(ctx, "-hs");
    const input = {
      authHandle,
      policySession,
      nonceTPM: await read2BFile(ctx, f.string("-in")),
      cpHashA: await read2BFile(ctx, f.string("-cp")),
      policyRef: await read2BFile(ctx, f.string("-pref")),
      expiration: expirationFlag(f.string("-exp")),
    };
    const sessions = ctx.sessions(true, f.string("-pwde"))!;
    const out = await (await ctx.tss()).policySecret(input, { sessions });
    await writeTicketFiles(ctx, out);
    ctx.result(out);
  },
};
