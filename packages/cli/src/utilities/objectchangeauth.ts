/** objectchangeauth: TPM2_ObjectChangeAuth: a new authValue for a loaded object (a new private area). */
import { marshal, TPM2B_PRIVATE } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { passwordFromFlags } from "../password-files.js";
import type { Utility } from "../utility.js";

/** objectchangeauth -hp parent -ho object [-pwdo] [-pwdn | -ipwdn file] [-opr file]. */
export const objectchangeauth: Utility = {
  name: "objectchangeauth",
  summary: "Runs TPM2_ObjectChangeAuth",
  flags: {
    "-hp": "hex",
    "-ho": "hex",
    "-pwdo": "string",
    "-pwdn": "string",
    "-ipwdn": "string",
    "-opr": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hp\tparent handle",
    "\t-ho\tobject handle",
    "\t[-pwdo\tpassword for object (default empty)]",
    "\t[-pwdn\tnew password for object (default empty)]",
    "\t[-ipwdn\tnew password file for object, nul terminated (default empty)]",
    "\t[-opr\tprivate key file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "parent handle parameter");
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const newPassword = await passwordFromFlags(ctx, "-pwdn", "-ipwdn");
    const newAuth =
      typeof newPassword === "string" ? new TextEncoder().encode(newPassword) : (newPassword ?? new Uint8Array(0));
    const tss = await ctx.tss();
    const out = await tss.objectChangeAuth(
      { objectHandle, parentHandle, newAuth },
      { sessions: ctx.sessions(true, f.string("-pwdo"))! },
    );
    const opr = f.string("-opr");
    if (opr !== undefined) await ctx.writeFile(opr, marshal(TPM2B_PRIVATE, out.outPrivate));
    ctx.result({ outPrivate: out.outPrivate });
  },
};
