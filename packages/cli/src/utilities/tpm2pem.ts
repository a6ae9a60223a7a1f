/** tpm2pem: an RSA or ECC TPM2B_PUBLIC file as a PEM public key (SubjectPublicKeyInfo). */
import { TPM2B_PUBLIC } from "@tss/marshal";
import { writePublicPem } from "../pem-files.js";
import { unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** tpm2pem -ipu file -opem file. */
export const tpm2pem: Utility = {
  name: "tpm2pem",
  summary: "Converts an RSA or EC TPM2B_PUBLIC to PEM",
  flags: { "-ipu": "string", "-opem": "string" },
  usage: ["\t-ipu\tpublic key input file in TPM format", "\t-opem\tpublic key output file in PEM format"],
  async run(ctx) {
    const ipu = ctx.need("-ipu", ctx.flags.string("-ipu"), "public key parameter");
    const opem = ctx.need("-opem", ctx.flags.string("-opem"), "PEM file name parameter");
    const { publicArea } = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu);
    await writePublicPem(ctx, opem, publicArea);
  },
};
