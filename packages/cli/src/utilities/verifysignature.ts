/**
 * verifysignature: a signature over a message or digest checked by the TPM
 * (TPM2_VerifySignature with a loaded key, -hk, which can write the ticket)
 * and/or in software with a PEM public key (-ipem) or an HMAC key (-ihmac).
 * The signature is a TPMT_SIGNATURE file, or with -raw OpenSSL's raw form.
 */
import { TPMT_SIGNATURE, TPMT_TK_VERIFIED } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { digestFromFlags } from "../digest-input.js";
import { SESSION_FLAGS } from "../flags.js";
import { printAll } from "../print-all.js";
import { checkSignature, rawSignature } from "../signature-files.js";
import { marshalStructure, unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** verifysignature -hk key | -ipem file | -ihmac file -if message | -ih digest -is signature [-raw [-rsa|-ecc]] [-halg] [-tk]. */
export const verifysignature: Utility = {
  name: "verifysignature",
  summary: "Runs TPM2_VerifySignature and/or verifies using the PEM public key",
  flags: {
    "-hk": "hex",
    "-ipem": "string",
    "-ihmac": "string",
    "-if": "string",
    "-ih": "string",
    "-is": "string",
    "-raw": "switch",
    "-rsa": "switch",
    "-ecc": "switch",
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
    "\t-is\tsignature file name",
    "\t[-raw\tsignature specified by -is is in raw format]",
    "\t\t(default TPMT_SIGNATURE)",
    "\t-hk\tkey handle",
    "\t-ipem\tpublic key PEM format file name to verify signature",
    "\t-ihmac\tHMAC key in raw binary format file name to verify signature",
    "",
    "\t\tOne of -hk, -ipem, -ihmac must be specified",
    "",
    "\t[-tk\tticket file name (requires -hk)]",
    "",
    "\t[-halg\t(sha1, sha256, sha384 sha512) (default sha256)]",
    "",
    "\t[Asymmetric Key Algorithm]",
    "",
    "\t[-rsa\t(default)]",
    "\t[-ecc\t]",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = f.number("-hk");
    const pem = f.string("-ipem");
    const hmacKey = f.string("-ihmac");
    if ((keyHandle === undefined || keyHandle === 0) && pem === undefined && hmacKey === undefined)
      throw new UsageError("Missing handle parameter -hk, PEM file name -ipem, or HMAC key file name -ihmac");
    const is = ctx.need("-is", f.string("-is"), "signature parameter");
    const halg = hashFlag("-halg", f.string("-halg"));
    const digest = await digestFromFlags(ctx, halg);
    if (ctx.verbose) ctx.print(printAll("verifysignature: hash", digest));
    const bytes = await ctx.readFile(is);
    const signature = f.has("-raw")
      ? rawSignature(f.lastOf("-rsa", "-ecc") === "-ecc" ? "ecc" : "rsa", halg, bytes, is)
      : unmarshalStructure(TPMT_SIGNATURE, bytes, is);
    if (keyHandle !== undefined && keyHandle !== 0) {
      const tss = await ctx.tss();
      const sessions = ctx.sessions(false);
      const out = await tss.verifySignature({ keyHandle, digest, signature }, sessions ? { sessions } : {});
      const tk = f.string("-tk");
      if (tk !== undefined) await ctx.writeFile(tk, marshalStructure(TPMT_TK_VERIFIED, out.validation));
      ctx.result(out);
    }
    if (pem !== undefined) {
      const text = new TextDecoder().decode(await ctx.readFile(pem));
      await checkSignature({ pem: text }, digest, signature, pem);
    }
    if (hmacKey !== undefined)
      await checkSignature({ hmacKey: await ctx.readFile(hmacKey) }, digest, signature, hmacKey);
  },
};
