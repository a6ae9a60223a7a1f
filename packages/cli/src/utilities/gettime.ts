/** gettime: TPM2_GetTime, the TPM's time and clock signed by a loaded key. */
import { TPM_RH } from "@tss/marshal";
import { ATTEST_FLAGS, ATTEST_SESSION_USAGE, attestScheme, finishAttestation, qualifyingData } from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** gettime -hk key [-pwdk] [-pwde] [-halg] [-salg] [-qd] [-os] [-oa]. */
export const gettime: Utility = {
  name: "gettime",
  summary: "Runs TPM2_GetTime",
  flags: { "-pwde": "string", ...ATTEST_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t-hk\tsigning key handle",
    "\t[-pwdk\tpassword for signing key (default empty)]",
    "\t[-pwde\tpassword for endorsement hierarchy (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]",
    "\t[-qd\tqualifying data file name]",
    "\t[-os\tsignature file name  (default do not save)]",
    "\t[-oa\tattestation output file name (default do not save)]",
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const inScheme = attestScheme(ctx);
    const data = await qualifyingData(ctx);
    const tss = await ctx.tss();
    const out = await tss.getTime(
      { privacyAdminHandle: TPM_RH.ENDORSEMENT, signHandle, qualifyingData: data, inScheme } as never,
      { sessions: authSessions(f, [f.string("-pwde"), f.string("-pwdk")]) },
    );
    await finishAttestation(ctx, { attest: out.timeInfo, signature: out.signature, qualifyingData: data });
  },
};
