/** eccdecrypt: TPM2_ECC_Decrypt of C1, C2, C3 with a loaded ECC key (KDF2 with -halg, the only scheme). */
import { TPM_ALG_ID, TPM2B_DIGEST, TPM2B_ECC_POINT, TPM2B_MAX_BUFFER } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { passwordFromFlags } from "../password-files.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** eccdecrypt -hk key -ic1 file -ic2 file -ic3 file -od file [-halg] [-pwdk | -ipwdk]. */
export const eccdecrypt: Utility = {
  name: "eccdecrypt",
  summary: "Runs TPM2_ECC_Decrypt",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-ipwdk": "string",
    "-halg": "string",
    "-od": "string",
    "-ic1": "string",
    "-ic2": "string",
    "-ic3": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-ipwdk\tpassword file for key, nul terminated (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-od\tdecrypt file name",
    "\t-ic1\tC1 ECC point file name",
    "\t-ic2\tC2 data buffer file name",
    "\t-ic3\tc3 integrity digest file name",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const [c1, c2, c3] = ["-ic1", "-ic2", "-ic3"].map((x) => f.string(x));
    if (c1 === undefined || c2 === undefined || c3 === undefined) throw new UsageError("Missing input -ic1 -ic2 -ic3");
    const od = ctx.need("-od", f.string("-od"), "decrypt file name");
    const password = await passwordFromFlags(ctx, "-pwdk", "-ipwdk");
    const C1 = unmarshalStructure(TPM2B_ECC_POINT, await ctx.readFile(c1), c1);
    const C2 = unmarshalStructure(TPM2B_MAX_BUFFER, await ctx.readFile(c2), c2);
    const C3 = unmarshalStructure(TPM2B_DIGEST, await ctx.readFile(c3), c3);
    const tss = await ctx.tss();
    const out = await tss.eccDecrypt(
      { keyHandle, C1, C2, C3, inScheme: { scheme: TPM_ALG_ID.KDF2, details: { kdf2: { hashAlg } } } },
      { sessions: ctx.sessions(true, password)! },
    );
    await ctx.writeFile(od, out.plainText);
    ctx.result(out);
  },
};
