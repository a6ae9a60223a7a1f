/** rsadecrypt: TPM2_RSA_Decrypt with a loaded key and its own scheme (NULL inScheme). */
import { TPM_ALG_ID } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { passwordFromFlags } from "../password-files.js";
import { printAll } from "../print-all.js";
import { pkcs1SignaturePad, rsaKeyBytes } from "../rsa-keys.js";
import type { Utility } from "../utility.js";

/** rsadecrypt -hk key -ie file [-od file] [-pwdk | -ipwdk] [-oid halg]. */
export const rsadecrypt: Utility = {
  name: "rsadecrypt",
  summary: "Runs TPM2_RSA_Decrypt",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-ipwdk": "string",
    "-ie": "string",
    "-od": "string",
    "-oid": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-ipwdk\tpassword file for key, nul terminated (default empty)]",
    "\t-ie\tencrypt file name",
    "\t-od\tdecrypt file name (default do not save)",
    "\t[-oid\t(sha1, sha256, sha384 sha512)]",
    "\t\toptionally add OID and PKCS1 padding to the",
    "\t\tencrypt data (demo of signing with arbitrary OID)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const ie = ctx.need("-ie", f.string("-ie"), "encrypted message");
    const oid = f.string("-oid");
    const halg = oid === undefined ? undefined : hashFlag("-oid", oid);
    const password = await passwordFromFlags(ctx, "-pwdk", "-ipwdk");
    const tss = await ctx.tss();
    const keyBytes = await rsaKeyBytes(tss, keyHandle);
    let cipherText = await readInputFile(ctx, ie, keyBytes);
    // -oid: the input is a digest; the TPM's raw private-key operation then signs it (PKCS#1 v1.5).
    if (halg !== undefined) cipherText = pkcs1SignaturePad(halg, cipherText, keyBytes);
    const out = await tss.rsaDecrypt(
      { keyHandle, cipherText, inScheme: { scheme: TPM_ALG_ID.NULL, details: {} }, label: new Uint8Array(0) },
      { sessions: ctx.sessions(true, password)! },
    );
    const od = f.string("-od");
    if (od !== undefined) await ctx.writeFile(od, out.message);
    if (ctx.verbose) ctx.print(printAll("outData", out.message));
    ctx.result({ message: out.message });
  },
};
