/** eccencrypt: TPM2_ECC_Encrypt with a loaded ECC key's public part (KDF2 with -halg, the only scheme). */
import { MAX_DIGEST_BUFFER, TPM_ALG_ID, TPM2B_DIGEST, TPM2B_ECC_POINT, TPM2B_MAX_BUFFER } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { readInputFile } from "../input-data.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** eccencrypt -hk key -id file [-halg] [-oc1 file] [-oc2 file] [-oc3 file]. */
export const eccencrypt: Utility = {
  name: "eccencrypt",
  summary: "Runs TPM2_ECC_Encrypt",
  flags: { "-hk": "hex", "-id": "string", "-halg": "string", "-oc1": "string", "-oc2": "string", "-oc3": "string" },
  usage: [
    "\t-hk\tkey handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-id\tdecrypt file name",
    "\t[-oc1\tC1 ECC point file name (default do not save)]",
    "\t[-oc2\tC2 data buffer file name (default do not save)]",
    "\t[-oc3\tc3 integrity digest file name (default do not save)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const id = ctx.need("-id", f.string("-id"), "decrypted file");
    const plainText = await readInputFile(ctx, id, MAX_DIGEST_BUFFER);
    const tss = await ctx.tss();
    const out = await tss.eccEncrypt({
      keyHandle,
      plainText,
      inScheme: { scheme: TPM_ALG_ID.KDF2, details: { kdf2: { hashAlg } } },
    });
    const files: [string, Uint8Array][] = [
      ["-oc1", marshalStructure(TPM2B_ECC_POINT, out.C1)],
      ["-oc2", marshalStructure(TPM2B_MAX_BUFFER, out.C2)],
      ["-oc3", marshalStructure(TPM2B_DIGEST, out.C3)],
    ];
    for (const [flag, bytes] of files) {
      const file = f.string(flag);
      if (file !== undefined) await ctx.writeFile(file, bytes);
    }
    ctx.result(out);
  },
};
