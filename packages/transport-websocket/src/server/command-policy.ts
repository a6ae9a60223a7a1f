/**
 * Which commands the proxy forwards: an allowlist, a denylist, and the
 * `denyDangerous` preset of commands a web page should never send.
 */
import { TPM_CC, TPM_CC_NAME, TssError } from "@tss/marshal";

/**
 * Commands that change a hierarchy, its authorization or the TPM's firmware,
 * or wipe what others rely on: Clear, ClearControl, ChangePPS, ChangeEPS,
 * HierarchyControl, HierarchyChangeAuth, SetPrimaryPolicy,
 * NV_UndefineSpaceSpecial, PP_Commands, SetAlgorithmSet,
 * DictionaryAttackParameters, FieldUpgradeStart, FieldUpgradeData, PCR_Allocate.
 */
export const DANGEROUS_COMMANDS: readonly number[] = [
  TPM_CC.Clear,
  TPM_CC.ClearControl,
  TPM_CC.ChangePPS,
  TPM_CC.ChangeEPS,
  TPM_CC.HierarchyControl,
  TPM_CC.HierarchyChangeAuth,
  TPM_CC.SetPrimaryPolicy,
  TPM_CC.NV_UndefineSpaceSpecial,
  TPM_CC.PP_Commands,
  TPM_CC.SetAlgorithmSet,
  TPM_CC.DictionaryAttackParameters,
  TPM_CC.FieldUpgradeStart,
  TPM_CC.FieldUpgradeData,
  TPM_CC.PCR_Allocate,
];

/** A command as a code or a name: `Clear`, `TPM_CC_Clear`, `TPM2_Clear`, `0x126`. */
export type CommandSelector = number | string;

/** Resolves a command name or code to its TPM_CC (BAD_PARAMETER for an unknown name). */
export function commandCode(command: CommandSelector): number {
  if (typeof command === "number") {
    if (!Number.isInteger(command) || command < 0 || command > 0xffffffff)
      throw new TssError("BAD_PARAMETER", `${command} is not a command code`);
    return command;
  }
  const text = String(command).trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text, 16);
  const name = text.replace(/^(TPM_CC_|TPM2_)/, "");
  const code = (TPM_CC as Readonly<Record<string, number>>)[name];
  if (code === undefined) throw new TssError("BAD_PARAMETER", `${JSON.stringify(command)} is not a TPM command name`);
  return code;
}

/** `TPM_CC_<Name> (0x...)` for a command code. */
export function describeCommand(code: number): string {
  const name = TPM_CC_NAME.get(code);
  const hex = `0x${code.toString(16).padStart(3, "0")}`;
  return name === undefined ? `command ${hex}` : `TPM_CC_${name} (${hex})`;
}

/** Options that select the forwarded commands. */
export interface CommandPolicyOptions {
  /** Only these commands are forwarded (default: every command). */
  readonly allowCommands?: readonly CommandSelector[];
  /** These commands are refused. */
  readonly denyCommands?: readonly CommandSelector[];
  /** Also refuse {@link DANGEROUS_COMMANDS}. */
  readonly denyDangerous?: boolean;
}

/** A predicate on command codes built from the options: true when the command is forwarded. */
export function commandPolicy(options: CommandPolicyOptions): (code: number) => boolean {
  const allow = options.allowCommands === undefined ? undefined : new Set(options.allowCommands.map(commandCode));
  const deny = new Set((options.denyCommands ?? []).map(commandCode));
  if (options.denyDangerous) for (const c of DANGEROUS_COMMANDS) deny.add(c);
  return (code) => !deny.has(code) && (allow === undefined || allow.has(code));
}
