import { TPM_CC } from "@tss/marshal";

/**
 * The authValue the TPM uses for the response HMAC, per session, when the command
 * changed the authorized entity's auth: HierarchyChangeAuth and NV_ChangeAuth
 * answer under the new value. (ObjectChangeAuth does not change the loaded
 * object, so its response uses the old value: nothing to override.)
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
  return undefined;
}
