/**
 * The sessions of a command with several authorized handles, as the IBM
 * utilities pass them to TSS_Execute: -se0, -se1, -se2 in order, each a handle
 * and attribute byte. The slot of each authorized handle defaults to a
 * password session (TPM_RS_PW) carrying that handle's password (-pwdo, -pwdk,
 * ...); the slots after them default to none. The list ends at the first
 * TPM_RH_NULL, as IBM's does. An HMAC or policy session in an authorizing slot
 * carries the password too (its authValue).
 */
import { TPM_RH, TPM_RS } from "@tss/marshal";
import type { SessionSpec } from "@tss/tss";
import type { ParsedFlags } from "./flags.js";

/** The passwords of the command's authorized handles, in handle order (undefined: empty). */
export type HandlePasswords = readonly (string | Uint8Array | undefined)[];

/** The session list for a command whose authorized handles have `passwords` (one entry per handle). */
export function authSessions(flags: ParsedFlags, passwords: HandlePasswords): SessionSpec[] {
  const list: SessionSpec[] = [];
  for (let i = 0; i < 3; i++) {
    const given = flags.session(`-se${i}`);
    const handle = given?.handle ?? (i < passwords.length ? TPM_RS.PW : TPM_RH.NULL);
    if (handle === TPM_RH.NULL) break;
    const password = i < passwords.length ? passwords[i] : undefined;
    list.push({
      handle,
      ...(given ? { attributes: given.attributes } : {}),
      ...(password !== undefined ? { password } : {}),
    });
  }
  return list;
}
