/** setprimarypolicy: TPM2_SetPrimaryPolicy, a hierarchy's authPolicy set from a policy file (or cleared). */
import { TPM_ALG_ID, TPM_RH } from "@tss/marshal";
import { HASH_NAMES, named } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** setprimarypolicy [-hi l|e|o|p (p)] [-pwda] [-pol file -halg alg] (no -pol: the empty policy, TPM_ALG_NULL). */
export const setprimarypolicy: Utility = {
  name: "setprimarypolicy",
  summary: "Runs TPM2_SetPrimaryPolicy",
  flags: { "-hi": "string", "-pwda": "string", "-pol": "string", "-halg": "string", ...SESSION_FLAGS },
  usage: [
    "\t[-hi\tauthhandle hierarchy (l, e, o, p) (default platform)]",
    "\t[-pwda\tauthorization password (default empty)]",
    "\t[-pol\tpolicy file (default empty policy)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default null)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pol = f.string("-pol");
    const halg = f.string("-halg");
    if (pol !== undefined && halg === undefined) throw new UsageError("-pol requires -halg");
    if (pol === undefined && halg !== undefined) throw new UsageError("-halg requires -pol");
    const hashAlg = halg === undefined ? TPM_ALG_ID.NULL : named(HASH_NAMES, "-halg", halg);
    const authHandle = f.has("-hi") ? hierarchyFlag("-hi", f.string("-hi"), "leop") : TPM_RH.PLATFORM;
    const authPolicy = pol === undefined ? new Uint8Array(0) : await ctx.readFile(pol);
    if (authPolicy.length > 64)
      throw new UsageError(`policy file ${pol} is ${authPolicy.length} bytes, more than a digest`);
    await (await ctx.tss()).setPrimaryPolicy(
      { authHandle, authPolicy, hashAlg },
      {
        sessions: ctx.sessions(true, f.string("-pwda"))!,
      },
    );
  },
};
