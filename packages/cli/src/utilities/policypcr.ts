/** policypcr: TPM2_PolicyPCR over the PCRs of a 24-bit mask in one bank; the TPM uses their current values. */
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, sessionUsage } from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policypcr -ha policy session [-halg] -bm pcr mask (hex). */
export const policypcr: Utility = {
  name: "policypcr",
  summary: "Runs TPM2_PolicyPCR",
  flags: { "-ha": "hex", "-halg": "string", "-bm": "hex", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-bm\tpcr mask in hex",
    "\t\te.g., -bm 10000 is PCR 16, 000001 is PCR 0",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const hash = hashFlag("-halg", ctx.flags.string("-halg"));
    const mask = ctx.flags.number("-bm");
    if (mask === undefined) throw new UsageError("missing pcr mask parameter -bm");
    if (mask > 0xffffff) throw new UsageError(`-bm ${mask.toString(16)} selects beyond PCR 23`);
    // An empty pcrDigest: the TPM digests the selected PCRs' current values, as IBM's utility asks.
    const pcrs = [{ hash, pcrSelect: Uint8Array.of(mask & 0xff, (mask >> 8) & 0xff, (mask >> 16) & 0xff) }];
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyPCR(
      { policySession, pcrDigest: new Uint8Array(0), pcrs },
      sessions ? { sessions } : {},
    );
  },
};
