/** createloaded: TPM2_CreateLoaded of a primary, ordinary or derived object. */
import { marshal, TPM_ALG_ID, TPM2B_PRIVATE, TPM2B_PUBLIC, TPMA_OBJECT, TPMT_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { keyFlags, keyFromFlags, keyUsage } from "../key-flags.js";
import type { KeyType } from "../object-templates.js";
import { writePublicPem } from "../pem-files.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** The key types createloaded takes (IBM's). */
const TYPES: readonly KeyType[] = [
  "-bl",
  "-dau",
  "-dar",
  "-den",
  "-deo",
  "-dee",
  "-des",
  "-st",
  "-si",
  "-sir",
  "-kh",
  "-khr",
  "-dp",
  "-gp",
];

/**
 * The TPM2B_TEMPLATE of a derived object: the public area with the unique
 * field replaced by an empty TPMS_DERIVE (label and context, two empty
 * TPM2Bs) and sensitiveDataOrigin cleared, as IBM's -der does.
 */
function derivedTemplate(publicArea: { type: number; objectAttributes: number }): Uint8Array {
  const area = {
    ...publicArea,
    objectAttributes: (publicArea.objectAttributes & ~TPMA_OBJECT.sensitiveDataOrigin) >>> 0,
  };
  const bytes = marshal(TPMT_PUBLIC, area);
  // Every unique field of an empty template ends the marshalled area; TPMS_DERIVE takes its place.
  const uniqueSize = area.type === TPM_ALG_ID.ECC ? 4 : 2;
  return Uint8Array.from([...bytes.subarray(0, bytes.length - uniqueSize), 0, 0, 0, 0]);
}

/** createloaded -hp parent [-der] [-pwdp] [-pwdk] <key type> [key flags] [-opu] [-opr] [-opem]. */
export const createloaded: Utility = {
  name: "createloaded",
  summary: "Runs TPM2_CreateLoaded",
  flags: {
    "-hp": "hex",
    "-der": "switch",
    "-pwdp": "string",
    "-opu": "string",
    "-opr": "string",
    "-opem": "string",
    ...keyFlags(TYPES),
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hp\tparent handle (can be a hierarchy)",
    "\t\t40000001 Owner",
    "\t\t4000000c Platform",
    "\t\t4000000b Endorsement",
    "\t[-der\tobject's parent is a derivation parent]",
    "\t[-pwdp\tpassword for parent key (default empty)]",
    ...keyUsage(TYPES),
    "\t[-opu\tpublic key file name (default do not save)]",
    "\t[-opr\tprivate key file name (default do not save)]",
    "\t[-opem\tpublic key PEM format file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "handle parameter");
    const key = await keyFromFlags(ctx, false, TYPES);
    const inPublic = f.has("-der") ? derivedTemplate(key.publicArea) : marshal(TPMT_PUBLIC, key.publicArea);
    const tss = await ctx.tss();
    const out = await tss.createLoaded(
      { parentHandle, inSensitive: key.inSensitive, inPublic },
      {
        sessions: ctx.sessions(true, f.string("-pwdp"))!,
      },
    );
    const opr = f.string("-opr");
    if (opr !== undefined) await ctx.writeFile(opr, marshal(TPM2B_PRIVATE, out.outPrivate));
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshal(TPM2B_PUBLIC, out.outPublic));
    const opem = f.string("-opem");
    if (opem !== undefined) await writePublicPem(ctx, opem, out.outPublic.publicArea);
    ctx.print(`Handle ${hex8(out.objectHandle)}\n`);
    ctx.result({
      handle: hex8(out.objectHandle),
      outPublic: out.outPublic,
      outPrivate: out.outPrivate,
      name: out.name,
    });
  },
};
