/** policycphash: TPM2_PolicyCpHash, binding a policy to one command's parameter hash. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, required2BFile, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policycphash -ha policy session -cp cpHash file (the digest's bytes). */
export const policycphash: Utility = {
  name: "policycphash",
  summary: "Runs TPM2_PolicyCpHash",
  flags: { "-ha": "hex", "-cp": "string", ...SESSION_FLAGS },
  usage: ["\t-ha\tpolicy session handle", "\t-cp\tcpHash file", ...sessionUsage("NULL", "\t20\tcommand decrypt")],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const cpHashA = await required2BFile(ctx, "-cp", "cpHash file");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyCpHash({ policySession, cpHashA }, sessions ? { sessions } : {});
  },
};
