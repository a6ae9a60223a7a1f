/**
 * The few TPM commands @tss/ekcert needs, as an interface: a @tss/tss context
 * (`createTss(...)`) satisfies it with its typed methods, so this package does
 * not depend on @tss/tss (DESIGN.md: only the CLI, tools/reg and examples
 * assemble everything). Any other object with these methods will do, e.g. a
 * test double.
 */
import type { CommandInput, CommandOutput, Commands } from "@tss/marshal";

/** A session as the IBM TSS's 3-tuple (the shape of @tss/tss's SessionSpec). */
export interface EkSessionSpec {
  readonly handle: number;
  readonly password?: string | Uint8Array;
  readonly attributes?: number;
}

/** Per-call options passed through to the TSS (a subset of @tss/tss's ExecuteOptions). */
export interface EkCallOptions {
  readonly sessions?: readonly EkSessionSpec[];
}

type Method<K extends keyof Commands> = (
  input: CommandInput<Commands[K]>,
  options?: EkCallOptions,
) => Promise<CommandOutput<Commands[K]>>;

/** The TPM commands used here: TPM2_GetCapability, TPM2_NV_ReadPublic, TPM2_NV_Read, TPM2_CreatePrimary. */
export interface EkTpm {
  getCapability: Method<"GetCapability">;
  nvReadPublic: Method<"NV_ReadPublic">;
  nvRead: Method<"NV_Read">;
  createPrimary: Method<"CreatePrimary">;
}
