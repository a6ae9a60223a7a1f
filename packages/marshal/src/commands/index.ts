/** Every command schema (Part 3, chapters 9 to 34), by name and by command code. */

import { lazyTable } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import * as asymmetric from "./asymmetric-primitives.js";
import * as attachedComponents from "./attached-components.js";
import * as attestation from "./attestation-commands.js";
import * as act from "./authenticated-countdown-timer.js";
import * as capability from "./capability-commands.js";
import * as clocks from "./clocks-and-timers.js";
import * as audit from "./command-audit.js";
import type { CommandSchema } from "./command-schema.js";
import * as context from "./context-management.js";
import * as dictionaryAttack from "./dictionary-attack-functions.js";
import * as duplication from "./duplication-commands.js";
import * as policy from "./enhanced-authorization.js";
import * as ephemeral from "./ephemeral-ec-keys.js";
import * as fieldUpgrade from "./field-upgrade.js";
import * as sequences from "./hash-hmac-event-sequences.js";
import * as hierarchy from "./hierarchy-commands.js";
import * as pcr from "./integrity-collection-pcr.js";
import * as management from "./miscellaneous-management-functions.js";
import * as nv from "./non-volatile-storage.js";
import * as ntc2 from "./nuvoton-ntc2.js";
import * as objects from "./object-commands.js";
import * as random from "./random-number-generator.js";
import * as sessions from "./session-commands.js";
import * as signing from "./signing-and-signature-verification.js";
import * as startup from "./startup.js";
import * as symmetric from "./symmetric-primitives.js";
import * as testing from "./testing.js";
import * as vendor from "./vendor-specific.js";

// Each schema is also exported by name (`import { GetRandom } from "@tss/marshal"`),
// so that a bundle takes only the commands it uses.
export * from "./asymmetric-primitives.js";
export * from "./attached-components.js";
export * from "./attestation-commands.js";
export * from "./authenticated-countdown-timer.js";
export * from "./capability-commands.js";
export * from "./clocks-and-timers.js";
export * from "./command-audit.js";
export * from "./context-management.js";
export * from "./dictionary-attack-functions.js";
export * from "./duplication-commands.js";
export * from "./enhanced-authorization.js";
export * from "./ephemeral-ec-keys.js";
export * from "./field-upgrade.js";
export * from "./hash-hmac-event-sequences.js";
export * from "./hierarchy-commands.js";
export * from "./integrity-collection-pcr.js";
export * from "./miscellaneous-management-functions.js";
export * from "./non-volatile-storage.js";
export * from "./nuvoton-ntc2.js";
export * from "./object-commands.js";
export * from "./random-number-generator.js";
export * from "./session-commands.js";
export * from "./signing-and-signature-verification.js";
export * from "./startup.js";
export * from "./symmetric-primitives.js";
export * from "./testing.js";
export * from "./vendor-specific.js";

/**
 * All command schemas by name (the TPM2_ prefix dropped), one per command code.
 * Where Part 3 gives two names to one code (TPM2_HMAC and TPM2_MAC, TPM2_HMAC_Start
 * and TPM2_MAC_Start) the table holds the MAC form only: see {@link COMMAND_ALIASES}.
 */
export const COMMANDS = /* @__PURE__ */ lazyTable(
  () =>
    ({
      ...startup,
      ...testing,
      ...sessions,
      ...objects,
      ...duplication,
      ...asymmetric,
      ...symmetric,
      ...random,
      ...sequences,
      ...attestation,
      ...ephemeral,
      ...signing,
      ...audit,
      ...pcr,
      ...policy,
      ...hierarchy,
      ...dictionaryAttack,
      ...management,
      ...fieldUpgrade,
      ...context,
      ...clocks,
      ...capability,
      ...nv,
      ...attachedComponents,
      ...act,
      ...vendor,
      ...ntc2,
    }) as const,
  {},
);

/** The schema table type. */
export type Commands = typeof COMMANDS;
/** A command's name. */
export type CommandName = keyof Commands;

/**
 * Part 3 command names that share a code and a wire format with a schema of another
 * name: TPM2_HMAC's `hashAlg` is TPM2_MAC's `inScheme` restricted to hash algorithms,
 * its `outHMAC` is `outMAC`; likewise TPM2_HMAC_Start and TPM2_MAC_Start.
 */
export const COMMAND_ALIASES = { HMAC: "MAC", HMAC_Start: "MAC_Start" } as const satisfies Record<string, CommandName>;

/**
 * Schema by command code. Built on first use without building the schemas: each
 * schema's code is read from TPM_CC under the schema's name (test/commands.test.ts
 * checks that every schema's own code is that one), so looking up one command
 * builds that command's schema only.
 */
export const COMMANDS_BY_CODE: ReadonlyMap<number, CommandSchema> = /* @__PURE__ */ lazyTable(
  () =>
    new Map(
      Object.entries(COMMANDS).map(
        ([name, s]) => [(TPM_CC as Record<string, number>)[name] ?? s.code, s as CommandSchema] as const,
      ),
    ),
  new Map(),
);

/** Looks up the schema of a command code; undefined when unknown. */
export function commandSchema(code: number): CommandSchema | undefined {
  return COMMANDS_BY_CODE.get(code);
}

/** The schema of a command code, as a type: `SchemaOf<typeof TPM_CC.GetRandom>`. */
export type SchemaOf<C extends number> = {
  [K in CommandName]: Commands[K]["code"] extends C ? (C extends Commands[K]["code"] ? Commands[K] : never) : never;
}[CommandName];
