/** create: TPM2_Create of a key or sealed data object under a loaded parent. */
import { marshal, TPM2B_PRIVATE, TPM2B_PUBLIC } from "@tss/marshal";
import { CREATION_FLAGS, CREATION_USAGE, writeCreationOutputs } from "../creation-files.js";
import { SESSION_FLAGS } from "../flags.js";
import { keyFlags, keyFromFlags, keyUsage } from "../key-flags.js";
import type { Utility } from "../utility.js";

/** create -hp parent [-pwdp] [-pwdk] <key type> [key flags] [-opu] [-opr] [-opem] [-tk] [-ch] [-cd]. */
export const create: Utility = {
  name: "create",
  summary: "Runs TPM2_Create",
  flags: {
    "-hp": "hex",
    "-pwdp": "string",
    "-opu": "string",
    "-opr": "string",
    "-opem": "string",
    ...CREATION_FLAGS,
    ...keyFlags(),
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hp\tparent handle",
    "\t[-pwdp\tpassword for parent key (default empty)]",
    ...keyUsage(),
    "\t[-opu\tpublic key file name (default do not save)]",
    "\t[-opr\tprivate key file name (default do not save)]",
    "\t[-opem\tpublic key PEM format file name (default do not save)]",
    ...CREATION_USAGE,
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "handle parameter");
    const key = await keyFromFlags(ctx, false);
    const tss = await ctx.tss();
    const out = await tss.create(
      {
        parentHandle,
        inPublic: { publicArea: key.publicArea },
        inSensitive: key.inSensitive,
        outsideInfo: new Uint8Array(0),
        creationPCR: [],
      },
      { sessions: ctx.sessions(true, f.string("-pwdp"))! },
    );
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshal(TPM2B_PUBLIC, out.outPublic));
    const opr = f.string("-opr");
    if (opr !== undefined) await ctx.writeFile(opr, marshal(TPM2B_PRIVATE, out.outPrivate));
    await writeCreationOutputs(ctx, out);
    ctx.result({ outPublic: out.outPublic, outPrivate: out.outPrivate });
  },
};
