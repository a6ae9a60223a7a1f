/** rsaencrypt: TPM2_RSA_Encrypt with a loaded key's public part, the key's own scheme (NULL inScheme). */
import { TPM_ALG_ID } from "@tss/marshal";
import { readInputFile } from "../input-data.js";
import { printAll } from "../print-all.js";
import { rsaKeyBytes } from "../rsa-keys.js";
import type { Utility } from "../utility.js";

/** rsaencrypt -hk key -id file [-oe file]. */
export const rsaencrypt: Utility = {
  name: "rsaencrypt",
  summary: "Runs TPM2_RSA_Encrypt",
  flags: { "-hk": "hex", "-id": "string", "-oe": "string" },
  usage: ["\t-hk\tkey handle", "\t-id\tdecrypt file name", "\t[-oe\tencrypt file name (default do not save)]"],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const id = ctx.need("-id", f.string("-id"), "decrypted file");
    const tss = await ctx.tss();
    // As IBM's: the modulus size (ReadPublic) bounds the message.
    const message = await readInputFile(ctx, id, await rsaKeyBytes(tss, keyHandle));
    const out = await tss.rsaEncrypt({
      keyHandle,
      message,
      inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
      label: new Uint8Array(0),
    });
    const oe = f.string("-oe");
    if (oe !== undefined) await ctx.writeFile(oe, out.outData);
    if (ctx.verbose) ctx.print(printAll("outData", out.outData));
    ctx.result({ outData: out.outData });
  },
};
