import type { Codec } from "../codec/codec.js";
import { type StructCodec, type StructFields, type StructValue, struct } from "../codec/struct.js";

/** The authorization role a command handle requires (Part 3, "Auth Index" / "Auth Role"). */
export type AuthRole = "USER" | "ADMIN" | "DUP";

/** One command handle: its type and, when it needs authorization, its role. */
export interface HandleSpec {
  readonly codec: Codec<number>;
  readonly auth: AuthRole | null;
}

/** Declares a command handle, e.g. `handle(TPMI_DH_OBJECT, "USER")`. */
export function handle(codec: Codec<number>, auth: AuthRole | null = null): HandleSpec {
  return { codec, auth };
}

/** The handle area of a command: each handle parameter by name. */
export type HandleSpecs = Record<string, HandleSpec>;
/** The handle area of a response: each returned handle by name, with its codec. */
export type ResponseHandleSpecs = Record<string, Codec<number>>;

/** A Part 3 command: handles, parameters, response handles and parameters. */
export interface CommandSchema<
  N extends string = string,
  H extends HandleSpecs = HandleSpecs,
  P extends StructFields = StructFields,
  RH extends ResponseHandleSpecs = ResponseHandleSpecs,
  R extends StructFields = StructFields,
  C extends number = number,
> {
  readonly name: N;
  readonly code: C;
  readonly handles: H;
  readonly parameters: StructCodec<P>;
  readonly responseHandles: RH;
  readonly response: StructCodec<R>;
  /** Names of the command handles, in order. */
  readonly handleNames: readonly string[];
  /** Names of the response handles, in order. */
  readonly responseHandleNames: readonly string[];
  /** Handles that need an authorization session, in order (their count = sessions required). */
  readonly authHandles: number;
  /** The first command parameter is a TPM2B, so a decrypt session may encrypt it. */
  readonly decryptable: boolean;
  /** The first response parameter is a TPM2B, so an encrypt session may encrypt it. */
  readonly encryptable: boolean;
}

/**
 * One object type with the fields of `T`, so that an editor shows a command's input
 * or output as its fields (`{ outPublic: TPM2B_PUBLIC; name: Uint8Array; ... }`)
 * rather than as the codec types they come from.
 */
export type Fields<T> = { [K in keyof T]: T[K] } & {};

/** The input of a command: handle values by name, then parameters. */
export type CommandInput<S> =
  S extends CommandSchema<string, infer H, infer P, ResponseHandleSpecs, StructFields>
    ? Fields<{ [K in keyof H]: number } & StructValue<P>>
    : never;

/** The output of a command: response handles by name, then response parameters. */
export type CommandOutput<S> =
  S extends CommandSchema<string, HandleSpecs, StructFields, infer RH, infer R>
    ? Fields<{ [K in keyof RH]: number } & StructValue<R>>
    : never;

const isTpm2b = (c: Codec<unknown> | undefined) => c !== undefined && (c.kind === "tpm2b" || c.kind === "tpm2bStruct");

/** Defines a command schema from its Part 3 tables. */
export function defineCommand<
  const N extends string,
  const H extends HandleSpecs = {},
  const P extends StructFields = {},
  const RH extends ResponseHandleSpecs = {},
  const R extends StructFields = {},
  const C extends number = number,
>(def: {
  name: N;
  code: C;
  handles?: H;
  parameters?: P;
  responseHandles?: RH;
  response?: R;
}): CommandSchema<N, H, P, RH, R, C> {
  const handles = (def.handles ?? {}) as H;
  const parameters = (def.parameters ?? {}) as P;
  const responseHandles = (def.responseHandles ?? {}) as RH;
  const response = (def.response ?? {}) as R;
  const handleNames = Object.keys(handles);
  return {
    name: def.name,
    code: def.code,
    handles,
    parameters: struct(`TPM2_${def.name}_COMMAND`, parameters),
    responseHandles,
    response: struct(`TPM2_${def.name}_RESPONSE`, response),
    handleNames,
    responseHandleNames: Object.keys(responseHandles),
    authHandles: handleNames.filter((n) => handles[n]?.auth !== null).length,
    decryptable: isTpm2b(Object.values(parameters)[0]),
    encryptable: isTpm2b(Object.values(response)[0]),
  };
}
