/** getcommandauditdigest: TPM2_GetCommandAuditDigest, the command audit digest signed by a loaded key. */
import { TPM_RH } from "@tss/marshal";
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

/** getcommandauditdigest -hk key [-pwdk] [-pwde] [-halg] [-salg] [-qd] [-os] [-oa]. */
export const getcommandauditdigest: Utility = {
  name: "getcommandauditdigest",
  summary: "Runs TPM2_GetCommandAuditDigest",
  flags: { "-pwde": "string", ...ATTEST_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t[-pwde\tendorsement hierarchy password (default empty)]",
    ...attestUsage("signing key handle"),
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const inScheme = attestScheme(ctx);
    const data = await qualifyingData(ctx);
    const tss = await ctx.tss();
    const out = await tss.getCommandAuditDigest(
      { privacyHandle: TPM_RH.ENDORSEMENT, signHandle, qualifyingData: data, inScheme } as never,
      { sessions: authSessions(f, [f.string("-pwde"), f.string("-pwdk")]) },
    );
    await finishAttestation(ctx, { attest: out.auditInfo, signature: out.signature, qualifyingData: data });
  },
};
