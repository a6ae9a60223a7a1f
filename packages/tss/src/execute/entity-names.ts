import { handleType, TPM_HT, TssError } from "@tss/marshal";
import { handleName, isOwnNameHandle } from "@tss/session";
import type { NameBook } from "./name-book.js";

/**
 * The Name of a command handle: the handle itself for PCRs, sessions and
 * permanent handles; the recorded Name for objects and NV indexes. An object
 * whose Name is unknown is read with ReadPublic (`readPublicName`, which checks
 * the Name against the public area); an NV index's never is, as in the seed:
 * the application must issue NV_ReadPublic and decide whether to trust it.
 */
export async function entityName(
  handle: number,
  names: NameBook,
  readPublicName: (handle: number) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  if (isOwnNameHandle(handle)) return handleName(handle);
  const known = await names.name(handle);
  if (known) return known;
  const ht = handleType(handle);
  if (ht === TPM_HT.TRANSIENT || ht === TPM_HT.PERSISTENT) return readPublicName(handle);
  if (ht === TPM_HT.NV_INDEX) {
    throw new TssError(
      "BAD_SESSION",
      `the Name of NV index 0x${handle.toString(16)} is unknown: issue NV_ReadPublic (and check the public area) or NV_DefineSpace first`,
    );
  }
  return handleName(handle);
}
