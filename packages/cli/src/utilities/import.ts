/** import: TPM2_Import of a duplicated object (the files duplicate writes) under a new parent. */
import { MAX_RSA_KEY_BYTES, marshal, TPM_ALG_ID, TPM2B_PRIVATE, TPM2B_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** -salg aes: the inner wrapper's algorithm, AES-128-CFB; otherwise none. */
export function innerSymmetric(salg: string | undefined) {
  if (salg === undefined) return { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
  if (salg !== "aes") throw new UsageError(`bad parameter ${salg} for -salg`);
  return { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
}

/** import -hp parent [-pwdp] [-ik file -salg aes] -ipu file -id file -iss file -opr file. */
export const importUtility: Utility = {
  name: "import",
  summary: "Runs TPM2_Import",
  flags: {
    "-hp": "hex",
    "-pwdp": "string",
    "-ik": "string",
    "-ipu": "string",
    "-id": "string",
    "-iss": "string",
    "-salg": "string",
    "-opr": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hp\tparent handle",
    "\t[-pwdp\tpassword for parent (default empty)]",
    "\t[-ik\tencryption key in file name]",
    "\t-ipu\tobject public area file name",
    "\t-id\tduplicate file name",
    "\t-iss\tsymmetric seed file name",
    "\t[-salg\tsymmetric algorithm (aes) (default none)]",
    "\t-opr\tprivate area file name",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const ik = f.string("-ik");
    const salg = f.string("-salg");
    const symmetricAlg = innerSymmetric(salg);
    if (salg === undefined && ik !== undefined) throw new UsageError("-ik needs -salg");
    if (salg !== undefined && ik === undefined) throw new UsageError("-salg needs -ik");
    const parentHandle = ctx.need("-hp", f.number("-hp"), "object handle parameter");
    const ipu = ctx.need("-ipu", f.string("-ipu"), "parameter");
    const id = ctx.need("-id", f.string("-id"), "parameter");
    const iss = ctx.need("-iss", f.string("-iss"), "parameter");
    const opr = ctx.need("-opr", f.string("-opr"), "parameter");
    const encryptionKey = ik === undefined ? new Uint8Array(0) : await readInputFile(ctx, ik, 64);
    const objectPublic = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu);
    const duplicate = await readInputFile(ctx, id, 1550);
    const inSymSeed = await readInputFile(ctx, iss, MAX_RSA_KEY_BYTES);
    const tss = await ctx.tss();
    const out = await tss.import(
      { parentHandle, encryptionKey, objectPublic, duplicate, inSymSeed, symmetricAlg } as never,
      { sessions: ctx.sessions(true, f.string("-pwdp"))! },
    );
    await ctx.writeFile(opr, marshal(TPM2B_PRIVATE, out.outPrivate));
    ctx.result({ outPrivate: out.outPrivate });
  },
};
