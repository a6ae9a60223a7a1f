/**
 * The creation outputs of createprimary and create, as IBM's utilities write
 * them: -tk the TPMT_TK_CREATION ticket, -ch the creation hash (raw digest),
 * -cd the TPMS_CREATION_DATA (the structure, not the TPM2B), -opem the public
 * key as PEM. Before writing, the creation hash is checked against the digest
 * of the creation data under the object's nameAlg, as IBM's do.
 */
import { marshal, TPMS_CREATION_DATA, TPMT_TK_CREATION } from "@tss/marshal";
import { constantTimeEqual } from "@tss/session";
import type { FlagSpec } from "./flags.js";
import { writePublicPem } from "./pem-files.js";
import { softwareCrypto } from "./software-crypto.js";
import type { UtilityContext } from "./utility.js";

/** -tk, -ch, -cd. */
export const CREATION_FLAGS: FlagSpec = { "-tk": "string", "-ch": "string", "-cd": "string" };

/** Their usage lines. */
export const CREATION_USAGE: readonly string[] = [
  "\t[-tk\toutput creation ticket file name (default do not save)]",
  "\t[-ch\toutput creation hash file name (default do not save)]",
  "\t[-cd\toutput creation data file name (default do not save)]",
];

/** What CreatePrimary and Create return about the creation. */
export interface CreationOutputs {
  readonly outPublic: { readonly publicArea: unknown };
  readonly creationData: { readonly creationData: unknown };
  readonly creationHash: Uint8Array;
  readonly creationTicket: unknown;
}

/** Checks the creation hash, then writes -opem, -tk, -ch and -cd when given. */
export async function writeCreationOutputs(ctx: UtilityContext, out: CreationOutputs): Promise<void> {
  const f = ctx.flags;
  const nameAlg = (out.outPublic.publicArea as { nameAlg: number }).nameAlg;
  const creationData = marshal(TPMS_CREATION_DATA, out.creationData.creationData);
  const digest = await (await softwareCrypto()).hash(nameAlg, creationData);
  if (!constantTimeEqual(digest, out.creationHash)) {
    throw new Error("creationData hash does not match creationHash");
  }
  const opem = f.string("-opem");
  if (opem !== undefined) await writePublicPem(ctx, opem, out.outPublic.publicArea);
  const tk = f.string("-tk");
  if (tk !== undefined) await ctx.writeFile(tk, marshal(TPMT_TK_CREATION, out.creationTicket));
  const ch = f.string("-ch");
  if (ch !== undefined) await ctx.writeFile(ch, out.creationHash);
  const cd = f.string("-cd");
  if (cd !== undefined) await ctx.writeFile(cd, creationData);
}
