/**
 * encryptdecrypt: symmetric encryption or decryption with a loaded symmetric
 * key, in the key's own mode (NULL mode) and an all-zero IV, through
 * TPM2_EncryptDecrypt by default or TPM2_EncryptDecrypt2 with -2 (whose first
 * parameter is the data, so that it can be encrypted by a session).
 */
import { MAX_DIGEST_BUFFER, MAX_SYM_BLOCK_SIZE, TPM_ALG_ID } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** encryptdecrypt -hk key -if file [-of file] [-d] [-2] [-pwdk]. */
export const encryptdecrypt: Utility = {
  name: "encryptdecrypt",
  summary: "Runs TPM2_EncryptDecrypt",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-if": "string",
    "-of": "string",
    "-d": "switch",
    "-2": "switch",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t-pwdk\tpassword for key (default empty)",
    "\t-d\tdecrypt (default encrypt)",
    "\t-if\tinput file name",
    "\t[-of\toutput file name (default do not save)]",
    "\t[-2\tuse TPM2_EncryptDecrypt2]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const inFile = ctx.need("-if", f.string("-if"), "input file");
    const inData = await readInputFile(ctx, inFile, MAX_DIGEST_BUFFER);
    const input = {
      keyHandle,
      decrypt: f.has("-d"),
      mode: TPM_ALG_ID.NULL,
      ivIn: new Uint8Array(MAX_SYM_BLOCK_SIZE),
      inData,
    };
    const tss = await ctx.tss();
    const options = { sessions: ctx.sessions(true, f.string("-pwdk"))! };
    const out = f.has("-2") ? await tss.encryptDecrypt2(input, options) : await tss.encryptDecrypt(input, options);
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, out.outData);
    if (ctx.verbose) ctx.print(printAll("outData", out.outData));
    ctx.result(out);
  },
};
