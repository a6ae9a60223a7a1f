import { TPM_CC } from "@tss/marshal";

/**
 * The authValue the TPM uses for the response HMAC, per session, when the command
 * changed the authorized entity's auth: HierarchyChangeAuth and NV_ChangeAuth
 * answer under the new value. (ObjectChangeAuth does not change the loaded
 * object, so its response uses the old value: nothing to override.)
 * NV_UndefineSpaceSpecial answers after the index is deleted, under an empty value.
 */
export function responseAuthValues(
  commandCode: number,
  input: Record<string, any>,
  sessions: number,
): (Uint8Array | undefined)[] | undefined {
  if (commandCode === TPM_CC.HierarchyChangeAuth || commandCode === TPM_CC.NV_ChangeAuth) {
    const out: (Uint8Array | undefined)[] = new Array(sessions).fill(undefined);
    out[0] = input.newAuth as Uint8Array;
    return out;
  }
  if (commandCode === TPM_CC.NV_UndefineSpaceSpecial) {
    // The index is gone when the TPM computes the response: its authValue is empty.
    const out: (Uint8Array | undefined)[] = new Array(sessions).fill(undefined);
    out[0] = new Uint8Array(0);
    return out;
  }
  return undefined;
}
