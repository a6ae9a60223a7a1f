/** createprimary: TPM2_CreatePrimary from the IBM key-type flags. */
import { marshal, TPM2B_PUBLIC } from "@tss/marshal";
import { CREATION_FLAGS, CREATION_USAGE, writeCreationOutputs } from "../creation-files.js";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { keyFlags, keyFromFlags, keyUsage } from "../key-flags.js";
import { passwordFromFlags } from "../password-files.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** Puts the -iu file in the unique field's first buffer (rsa, ecc.x, keyedHash or sym), as IBM's does. */
function withUnique(publicArea: { type: number; unique: Record<string, unknown> }, bytes: Uint8Array) {
  const [member, value] = Object.entries(publicArea.unique)[0]!;
  const unique = member === "ecc" ? { ecc: { ...(value as object), x: bytes } } : { [member]: bytes };
  return { ...publicArea, unique };
}

/** createprimary [-hi e|o|p|n] [-pwdp | -pwdpi] [-pwdk] [-iu] [key flags] [-opu] [-opem] [-tk] [-ch] [-cd]. */
export const createprimary: Utility = {
  name: "createprimary",
  summary: "Runs TPM2_CreatePrimary (default: an RSA 2048 storage key in the null hierarchy)",
  flags: {
    "-hi": "string",
    "-pwdp": "string",
    "-pwdpi": "string",
    "-iu": "string",
    "-opu": "string",
    "-opem": "string",
    ...CREATION_FLAGS,
    ...keyFlags(),
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hi\thierarchy (e, o, p, n) (default null)]",
    "\t[-pwdp\tpassword for hierarchy (default empty)]",
    "\t[-pwdpi\tpassword file name for hierarchy, nul terminated (default empty)]",
    "\t[-iu\tinPublic unique field file (default none)]",
    ...keyUsage(undefined, true),
    "\t[-opu\tpublic key file name (default do not save)]",
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
    const primaryHandle = hierarchyFlag("-hi", f.string("-hi") ?? "n", "eopn");
    const key = await keyFromFlags(ctx, true);
    const password = await passwordFromFlags(ctx, "-pwdp", "-pwdpi");
    const iu = f.string("-iu");
    const publicArea = iu === undefined ? key.publicArea : withUnique(key.publicArea, await ctx.readFile(iu));
    const tss = await ctx.tss();
    const out = await tss.createPrimary(
      {
        primaryHandle,
        inPublic: { publicArea },
        inSensitive: key.inSensitive,
        outsideInfo: new Uint8Array(0),
        creationPCR: [],
      } as never,
      { sessions: ctx.sessions(true, password)! },
    );
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshal(TPM2B_PUBLIC, out.outPublic));
    await writeCreationOutputs(ctx, out);
    ctx.print(`Handle ${hex8(out.objectHandle)}\n`);
    ctx.result({ handle: hex8(out.objectHandle), outPublic: out.outPublic, name: out.name });
  },
};
