/** quote: TPM2_Quote of PCRs in one bank, signed by a loaded key. */
import { TPM_ALG_ID } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { ATTEST_FLAGS, ATTEST_SESSION_USAGE, attestScheme, finishAttestation, qualifyingData } from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { parseDec, SESSION_FLAGS } from "../flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** quote -hp pcr [-hp pcr ...] -hk key [-pwdk] [-halg] [-palg] [-salg] [-qd] [-os] [-oa]. */
export const quote: Utility = {
  name: "quote",
  summary: "Runs TPM2_Quote",
  flags: { "-hp": "list", "-palg": "string", ...ATTEST_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t-hp\tpcr handle (may be specified more than once)",
    "\t-hk\tquoting key handle",
    "\t[-pwdk\tpassword for quoting key (default empty)]",
    "\t[-halg\tfor signing (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-palg\tfor PCR bank selection (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]",
    "\t[-qd\tqualifying data file name]",
    "\t[-os\tquote signature file name (default do not save)]",
    "\t[-oa\tattestation output file name (default do not save)]",
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const pcrs = f.list("-hp").map((text) => {
      const pcr = parseDec("-hp", text);
      if (pcr > 23) throw new UsageError(`bad PCR handle parameter ${pcr} for -hp`);
      return pcr;
    });
    if (pcrs.length === 0) throw new UsageError("missing PCR handle parameter -hp");
    const pcrSelect = new Uint8Array(3);
    for (const pcr of pcrs) pcrSelect[pcr >> 3]! |= 1 << (pcr & 7);
    const hash = hashFlag("-palg", f.string("-palg"), TPM_ALG_ID.SHA256);
    const inScheme = attestScheme(ctx);
    const data = await qualifyingData(ctx);
    const tss = await ctx.tss();
    const out = await tss.quote(
      { signHandle, qualifyingData: data, inScheme, PCRselect: [{ hash, pcrSelect }] } as never,
      { sessions: authSessions(f, [f.string("-pwdk")]) },
    );
    await finishAttestation(ctx, { attest: out.quoted, signature: out.signature, qualifyingData: data });
  },
};
