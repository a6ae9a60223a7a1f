/** An error as one line the page shows where it happened. */
import { TPM_CC_NAME, TpmError, TssError } from "@tss/marshal";

/** "TPM2_<command>" for a command code (marshal's TPM_CC_NAME), or its hexadecimal value. */
export function commandName(cc: number): string {
  const name = TPM_CC_NAME.get(cc);
  return name === undefined ? `command 0x${cc.toString(16)}` : `TPM2_${name}`;
}

/**
 * The text of an error: a TpmError names the command and carries the response
 * code's description (marshal's response-code text: "TPM2_NV_Read:
 * TPM_RC_BAD_AUTH - session 1 - ..."); a TssError, EkCertError or AttestError its code.
 */
export function errorText(e: unknown): string {
  if (e instanceof TpmError) {
    // The TSS's message names the command ("NV_Read: TPM_RC_BAD_AUTH - session 1 - ..."); say it once.
    const name = TPM_CC_NAME.get(e.commandCode);
    return name !== undefined && e.message.startsWith(`${name}: `)
      ? `TPM2_${e.message}`
      : `${commandName(e.commandCode)}: ${e.message}`;
  }
  if (e instanceof TssError) return `TSS error ${e.code}: ${e.message}`;
  if (e instanceof Error) {
    // The packages' own errors (EkCertError, AttestError) carry a stable code.
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" ? `${e.name} ${code}: ${e.message}` : `${e.name}: ${e.message}`;
  }
  return String(e);
}
