/** getsessionauditdigest: TPM2_GetSessionAuditDigest, an audit session's digest signed by a loaded key (or unsigned). */
import { TPM_RH } from "@tss/marshal";
import { ATTEST_FLAGS, ATTEST_SESSION_USAGE, attestScheme, finishAttestation, qualifyingData } from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

const { "-salg": _salg, ...FLAGS } = ATTEST_FLAGS;

/** getsessionauditdigest -hs session [-hk key] [-pwdk] [-pwde] [-halg] [-qd] [-os] [-oa] [-od]. */
export const getsessionauditdigest: Utility = {
  name: "getsessionauditdigest",
  summary: "Runs TPM2_GetSessionAuditDigest",
  flags: { "-pwde": "string", "-hs": "hex", "-od": "string", ...FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t[-pwde\tendorsement hierarchy password (default empty)]",
    "\t[-hk\tsigning key handle (default NULL, an unsigned digest)]",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t-hs\taudit session handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-qd\tqualifying data file name]",
    "\t[-os\tsignature file name (default do not save)]",
    "\t[-oa\tattestation output file name (default do not save)]",
    "\t[-od\tsession digest file name (default do not save)]",
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const sessionHandle = ctx.need("-hs", f.number("-hs"), "session handle parameter");
    const signHandle = f.number("-hk") ?? TPM_RH.NULL;
    // IBM's: always an RSASSA scheme with -halg (ignored for an unsigned digest).
    const inScheme = attestScheme(ctx, undefined, false);
    const data = await qualifyingData(ctx);
    const tss = await ctx.tss();
    const out = await tss.getSessionAuditDigest(
      { privacyAdminHandle: TPM_RH.ENDORSEMENT, signHandle, sessionHandle, qualifyingData: data, inScheme } as never,
      { sessions: authSessions(f, [f.string("-pwde"), f.string("-pwdk")]) },
    );
    const attest = await finishAttestation(ctx, {
      attest: out.auditInfo,
      signature: out.signature,
      qualifyingData: data,
    });
    const od = f.string("-od");
    if (od !== undefined) {
      const digest = (attest.attested as { sessionAudit?: { sessionDigest: Uint8Array } }).sessionAudit?.sessionDigest;
      if (!digest) throw new Error("the TPM attested no session audit digest");
      await ctx.writeFile(od, digest);
    }
  },
};
