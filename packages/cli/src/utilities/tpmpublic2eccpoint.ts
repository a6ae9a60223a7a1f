/** tpmpublic2eccpoint: the point of an ECC TPM2B_PUBLIC as a TPM2B_ECC_POINT file (for zgen2phase). */
import { marshal, TPM_ALG_ID, TPM2B_ECC_POINT, TPM2B_PUBLIC } from "@tss/marshal";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** tpmpublic2eccpoint -ipu file -pt file. */
export const tpmpublic2eccpoint: Utility = {
  name: "tpmpublic2eccpoint",
  summary: "Converts an EC TPM2B_PUBLIC to a TPM2B_ECC_POINT",
  flags: { "-ipu": "string", "-pt": "string" },
  usage: [
    "\t-ipu\tEC public key input file in TPM2B_PUBLIC format",
    "\t-pt\tEC public key output file in TPM2B_ECC_POINT format",
  ],
  async run(ctx) {
    const ipu = ctx.need("-ipu", ctx.flags.string("-ipu"), "public key parameter");
    const pt = ctx.need("-pt", ctx.flags.string("-pt"), "point file name parameter");
    const { publicArea } = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu);
    const area = publicArea as { type: number; unique: { ecc?: { x: Uint8Array; y: Uint8Array } } };
    if (area.type !== TPM_ALG_ID.ECC || !area.unique.ecc)
      throw new UsageError(
        `public key parameter -ipu type ${area.type.toString(16).padStart(4, "0")} is not TPM_ALG_ECC`,
      );
    await ctx.writeFile(pt, marshal(TPM2B_ECC_POINT, { point: area.unique.ecc }));
    ctx.result({ point: area.unique.ecc });
  },
};
