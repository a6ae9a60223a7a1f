/** Every command schema, by name and by command code. */
import type { CommandSchema } from "./command-schema.js";
import * as capability from "./capability-commands.js";
import * as pcr from "./integrity-collection-pcr.js";
import * as random from "./random-number-generator.js";
import * as startup from "./startup.js";

/** All command schemas by name (TPM2_ prefix dropped). */
export const COMMANDS = {
  ...startup,
  ...random,
  ...pcr,
  ...capability,
} as const;

/** The schema table type. */
export type Commands = typeof COMMANDS;
/** A command's name. */
export type CommandName = keyof Commands;

/** Schema by command code. */
export const COMMANDS_BY_CODE: ReadonlyMap<number, CommandSchema> = new Map(
  Object.values(COMMANDS).map((s) => [s.code, s as CommandSchema] as const),
);

/** Looks up the schema of a command code; undefined when unknown. */
export function commandSchema(code: number): CommandSchema | undefined {
  return COMMANDS_BY_CODE.get(code);
}

/** The schema of a command code, as a type: `SchemaOf<typeof TPM_CC.GetRandom>`. */
export type SchemaOf<C extends number> = {
  [K in CommandName]: Commands[K]["code"] extends C ? (C extends Commands[K]["code"] ? Commands[K] : never) : never;
}[CommandName];
