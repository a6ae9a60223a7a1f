/** verifysignature: TPM2_VerifySignature of a TPMT_SIGNATURE file with a loaded key. */
import { TPMT_SIGNATURE, TPMT_TK_VERIFIED } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { digestFromFlags } from "../digest-input.js";
import { SESSION_FLAGS } from "../flags.js";
import { marshalStructure, unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** verifysignature -hk key -if message | -ih digest -is signature [-halg] [-tk ticket]. */
export const verifysignature: Utility = {
  name: "verifysignature",
  summary: "Runs TPM2_VerifySignature",
  flags: {
    "-hk": "hex",
    "-if": "string",
    "-ih": "string",
    "-is": "string",
    "-halg": "string",
    "-tk": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-if\tinput message file name",
    "\t-ih\tinput hash file name",
    "",
    "\t\tOne of -if, -ih must be specified",
    "",
    "\t-is\tsignature file name (TPMT_SIGNATURE)",
    "\t-hk\tkey handle",
    "\t[-tk\tticket file name]",
    "\t[-halg\t(sha1, sha256, sha384 sha512) (default sha256)]",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const is = ctx.need("-is", f.string("-is"), "signature parameter");
    const digest = await digestFromFlags(ctx, hashFlag("-halg", f.string("-halg")));
    const signature = unmarshalStructure(TPMT_SIGNATURE, await ctx.readFile(is), is);
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.verifySignature({ keyHandle, digest, signature } as never, sessions ? { sessions } : {});
    const tk = f.string("-tk");
    if (tk !== undefined) await ctx.writeFile(tk, marshalStructure(TPMT_TK_VERIFIED, out.validation));
  },
};
