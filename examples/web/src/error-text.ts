/** An error as one line the page shows where it happened. */
import { TPM_CC, TpmError, TssError } from "@tss/marshal";

const CC_NAMES = new Map<number, string>(Object.entries(TPM_CC).map(([k, v]) => [v as number, `TPM2_${k}`]));

/** "TPM2_<command>" for a command code, or its hexadecimal value. */
export function commandName(cc: number): string {
  return CC_NAMES.get(cc) ?? `command 0x${cc.toString(16)}`;
}

/**
 * The text of an error: a TpmError names the command and carries the response
 * code's description (marshal's response-code text); a TssError its code.
 */
export function errorText(e: unknown): string {
  if (e instanceof TpmError) return `${commandName(e.commandCode)} failed: ${e.message}`;
  if (e instanceof TssError) return `TSS error ${e.code}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
