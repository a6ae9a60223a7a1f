/** startauthsession: TPM2_StartAuthSession; the session's state is saved in TPM_DATA_DIR for later utilities. */
import { TPM_ALG_ID, TPM_RH, TPM_SE } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { hex8 } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const SESSION_TYPES: Readonly<Record<string, number>> = { h: TPM_SE.HMAC, p: TPM_SE.POLICY, t: TPM_SE.TRIAL };

/** TPMT_SYM_DEF for a -sym value. */
function symmetricOf(name: string, authHash: number) {
  switch (name) {
    case "xor":
      return { algorithm: TPM_ALG_ID.XOR, keyBits: { xor: authHash }, mode: {} };
    case "aes":
      return { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
    case "none":
      return { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
    default:
      throw new UsageError(`bad parameter ${name} for -sym (one of xor, aes, none)`);
  }
}

/** startauthsession -se h|p|t [-halg] [-hs salt key] [-bi bind handle] [-pwdb] [-sym xor|aes|none] [-on file]. */
export const startauthsession: Utility = {
  name: "startauthsession",
  summary: "Runs TPM2_StartAuthSession",
  flags: {
    "-se": "string",
    "-halg": "string",
    "-hs": "hex",
    "-bi": "hex",
    "-pwdb": "string",
    "-sym": "string",
    "-on": "string",
  },
  usage: [
    "\t-se",
    "",
    "\t\th  HMAC session",
    "\t\tp  Policy session",
    "\t\tt  Trial policy session",
    "",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-hs\tsalt handle (default TPM_RH_NULL)]",
    "\t[-bi\tbind handle (default TPM_RH_NULL)]",
    "\t[-pwdb\tbind password for bind handle (default empty)]",
    "\t[-sym\t(xor, aes, none) symmetric parameter encryption algorithm (default xor)]",
    "\t[-on\tnonceTPM file for policy session (default do not save)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const se = f.string("-se");
    const sessionType = se !== undefined && Object.hasOwn(SESSION_TYPES, se) ? SESSION_TYPES[se] : undefined;
    if (sessionType === undefined) throw new UsageError("missing or illegal parameter for -se (h, p or t)");
    const authHash = hashFlag("-halg", f.string("-halg"));
    const bind = f.number("-bi") ?? TPM_RH.NULL;
    const bindPassword = f.string("-pwdb");
    if (bindPassword !== undefined && bind === TPM_RH.NULL)
      throw new UsageError("-pwdb (bind password) unused without -bi (bind handle)");
    const empty = new Uint8Array(0);
    const tss = await ctx.tss();
    const out = await tss.startAuthSession(
      {
        tpmKey: f.number("-hs") ?? TPM_RH.NULL,
        bind,
        nonceCaller: empty,
        encryptedSalt: empty,
        sessionType,
        symmetric: symmetricOf(f.string("-sym") ?? "xor", authHash),
        authHash,
      } as never,
      bindPassword !== undefined ? { extra: { bindPassword } } : {},
    );
    const on = f.string("-on");
    if (on !== undefined) await ctx.writeFile(on, out.nonceTPM);
    ctx.print(`Handle ${hex8(out.sessionHandle)}\n`);
    ctx.result({ sessionHandle: out.sessionHandle, nonceTPM: out.nonceTPM });
  },
};
