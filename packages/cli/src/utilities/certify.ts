/** certify: TPM2_Certify, a loaded key's signature over a loaded object's Name. */
import {
  ATTEST_FLAGS,
  ATTEST_SESSION_USAGE,
  attestScheme,
  attestUsage,
  finishAttestation,
  qualifyingData,
} from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** certify -ho object [-pwdo] -hk key [-pwdk] [-halg] [-salg] [-qd] [-os] [-oa]. */
export const certify: Utility = {
  name: "certify",
  summary: "Runs TPM2_Certify",
  flags: { "-ho": "hex", "-pwdo": "string", ...ATTEST_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t-ho\tobject handle",
    "\t[-pwdo\tpassword for object (default empty)]",
    ...attestUsage("certifying key handle"),
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const inScheme = attestScheme(ctx);
    const data = await qualifyingData(ctx);
    const tss = await ctx.tss();
    const out = await tss.certify({ objectHandle, signHandle, qualifyingData: data, inScheme } as never, {
      sessions: authSessions(f, [f.string("-pwdo"), f.string("-pwdk")]),
    });
    await finishAttestation(ctx, { attest: out.certifyInfo, signature: out.signature, qualifyingData: data });
  },
};
