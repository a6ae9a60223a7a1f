/** sign: TPM2_Sign of a message's digest with a loaded signing key. */
import { TPM_ALG_ID, TPM_RH, TPM_ST, TPMT_SIGNATURE } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { digestFromFlags } from "../digest-input.js";
import { SESSION_FLAGS } from "../flags.js";
import { marshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** -scheme names and the TPMU_SIG_SCHEME member each selects. */
const SCHEMES: Readonly<Record<string, readonly [number, string]>> = {
  rsassa: [TPM_ALG_ID.RSASSA, "rsassa"],
  rsapss: [TPM_ALG_ID.RSAPSS, "rsapss"],
  ecdsa: [TPM_ALG_ID.ECDSA, "ecdsa"],
  hmac: [TPM_ALG_ID.HMAC, "hmac"],
};
/** The default scheme of each -salg. */
const DEFAULT_SCHEME: Readonly<Record<string, string>> = { rsa: "rsassa", ecc: "ecdsa", hmac: "hmac" };

/** sign -hk key -if message | -ih digest [-pwdk] [-halg] [-salg rsa|ecc|hmac] [-scheme] [-os file]. */
export const sign: Utility = {
  name: "sign",
  summary: "Runs TPM2_Sign",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-if": "string",
    "-ih": "string",
    "-halg": "string",
    "-salg": "string",
    "-scheme": "string",
    "-os": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t-if\tinput message to hash and sign",
    "\t-ih\tinput digest to sign (instead of -if)",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]",
    "\t[-scheme signing scheme (rsassa, rsapss, ecdsa, hmac)]",
    "\t\t(default rsassa, ecdsa, hmac)]",
    "\t[-os\tsignature file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const halg = hashFlag("-halg", f.string("-halg"));
    const salg = f.string("-salg") ?? "rsa";
    if (!Object.hasOwn(DEFAULT_SCHEME, salg)) throw new UsageError(`bad parameter ${salg} for -salg`);
    const schemeName = f.string("-scheme") ?? DEFAULT_SCHEME[salg]!;
    if (!Object.hasOwn(SCHEMES, schemeName)) throw new UsageError(`bad parameter ${schemeName} for -scheme`);
    const [scheme, member] = SCHEMES[schemeName]!;
    const digest = await digestFromFlags(ctx, halg);
    const tss = await ctx.tss();
    const out = await tss.sign(
      {
        keyHandle,
        digest,
        inScheme: { scheme, details: { [member]: { hashAlg: halg } } },
        // No TPM2_Hash ticket: a NULL ticket, enough for unrestricted keys.
        validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: new Uint8Array(0) },
      } as never,
      { sessions: ctx.sessions(true, f.string("-pwdk"))! },
    );
    const os = f.string("-os");
    if (os !== undefined) await ctx.writeFile(os, marshalStructure(TPMT_SIGNATURE, out.signature));
  },
};
