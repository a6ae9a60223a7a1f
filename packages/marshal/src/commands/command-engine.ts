/**
 * The generic engine: marshals any command (header, handles, authorization
 * area, parameters) and unmarshals any response (header, handles,
 * parameterSize, parameters, authorization area) from its schema.
 */
import { ByteReader } from "../codec/byte-reader.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { Infer } from "../codec/codec.js";
import { fieldPath, indexPath, withFieldPaths } from "../codec/field-path.js";
import { TPM_ST } from "../constants/tpm-st.js";
import { MarshalError } from "../errors.js";
import { TPM_HEADER_SIZE } from "../header.js";
import { TPMS_AUTH_COMMAND, TPMS_AUTH_RESPONSE } from "../types/structures.js";
import type { CommandInput, CommandOutput, CommandSchema } from "./command-schema.js";

/** One session of a command's authorization area. */
export type AuthCommand = Infer<typeof TPMS_AUTH_COMMAND>;
/** One session of a response's authorization area. */
export type AuthResponse = Infer<typeof TPMS_AUTH_RESPONSE>;

/** TPM_RS_PW, the password session's handle (TPM_RS.PW; the constant itself, so a small bundle need not take all of TPM_RH). */
const TPM_RS_PW = 0x40000009;
/** The TPMA_SESSION bits TPMA_SESSION_CODEC accepts (3 and 4 are reserved). */
const TPMA_SESSION_DEFINED = 0xe7;
/** The largest nonce and HMAC of a session (TPM2B_NONCE, TPM2B_AUTH: MAX_DIGEST_SIZE). */
const MAX_DIGEST_OCTETS = 64;

/** Scratch writers reused by the synchronous marshalling below. */
const handleScratch = new ByteWriter(4);
const parameterScratch = new ByteWriter(1024);

/** The handle values of a command input, in schema order. */
export function commandHandles<S extends CommandSchema>(schema: S, input: CommandInput<S>): number[] {
  const obj = input as Record<string, unknown>;
  const out: number[] = [];
  const scratch = handleScratch;
  for (const name of schema.handleNames) {
    scratch.reset();
    const v = obj[name];
    // Validate through the handle's interface type.
    const codec = schema.handles[name]!.codec;
    withFieldPaths(
      (path) => codec.write(scratch, v as number, path),
      () => `${schema.name}.${name}`,
    );
    out.push(v as number);
  }
  return out;
}

/** The marshalled parameter area of a command input (what cpHash covers, before encryption). */
export function marshalCommandParameters<S extends CommandSchema>(schema: S, input: CommandInput<S>): Uint8Array {
  // One writer reused across calls (marshalling is synchronous); the result is a copy.
  const w = parameterScratch;
  w.reset();
  try {
    return withFieldPaths(
      (path) => {
        w.reset();
        schema.parameters.write(w, input as never, path);
        return w.finish();
      },
      () => schema.name,
    );
  } finally {
    w.reset();
  }
}

/** The pieces of a command, ready to frame. */
export interface CommandFrame {
  readonly code: number;
  readonly handles: readonly number[];
  /** Sessions; an empty list or none makes a TPM_ST_NO_SESSIONS command. */
  readonly authorizations?: readonly AuthCommand[];
  readonly parameters: Uint8Array;
}

/**
 * Frames a command: header, handles, authorization area (when sessions are
 * present), parameters, written into one array of the exact size. A session of
 * plain, valid values is written directly; any other goes through the
 * TPMS_AUTH_COMMAND codec, which checks it and names the faulty field.
 */
export function encodeCommand(frame: CommandFrame): Uint8Array {
  const { handles, parameters } = frame;
  const authorizations = frame.authorizations ?? [];
  let coded: Uint8Array[] | undefined;
  let authSize = 0;
  for (let i = 0; i < authorizations.length; i++) {
    const a = authorizations[i]!;
    if (isPlainAuthorization(a)) authSize += 9 + a.nonce.length + a.hmac.length;
    else {
      const w = new ByteWriter(80);
      TPMS_AUTH_COMMAND.write(w, a, `authorizationArea[${i}]`);
      coded ??= [];
      coded[i] = w.detach();
      authSize += coded[i]!.length;
    }
  }
  const withSessions = authorizations.length > 0;
  const size = TPM_HEADER_SIZE + 4 * handles.length + (withSessions ? 4 + authSize : 0) + parameters.length;
  // Of its exact size: detach() hands over the writer's array without a copy.
  const w = new ByteWriter(size);
  w.u16(withSessions ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS);
  w.u32(size);
  w.u32(frame.code);
  for (let i = 0; i < handles.length; i++) w.u32(handles[i]!);
  if (withSessions) {
    w.u32(authSize);
    for (let i = 0; i < authorizations.length; i++) {
      const bytes = coded?.[i];
      if (bytes !== undefined) {
        w.bytes(bytes);
        continue;
      }
      const a = authorizations[i]!;
      w.u32(a.sessionHandle);
      w.u16(a.nonce.length);
      w.bytes(a.nonce);
      w.u8(a.sessionAttributes);
      w.u16(a.hmac.length);
      w.bytes(a.hmac);
    }
  }
  w.bytes(parameters);
  return w.detach();
}

/** A session of plain, valid values: a TPMI_SH_AUTH_SESSION handle, TPMA_SESSION bits, nonce and HMAC of at most 64 octets. */
function isPlainAuthorization(a: AuthCommand): boolean {
  const h = a?.sessionHandle;
  const bits = a?.sessionAttributes;
  return (
    // TPM_RS_PW, or an HMAC (0x02......) or policy (0x03......) session handle.
    (h === TPM_RS_PW || (h === h >>> 0 && h >>> 25 === 1)) &&
    bits === (bits & TPMA_SESSION_DEFINED) &&
    a.nonce instanceof Uint8Array &&
    a.nonce.length <= MAX_DIGEST_OCTETS &&
    a.hmac instanceof Uint8Array &&
    a.hmac.length <= MAX_DIGEST_OCTETS
  );
}

/** Marshals a whole command from its schema, input and (optional) authorization area. */
export function marshalCommand<S extends CommandSchema>(
  schema: S,
  input: CommandInput<S>,
  authorizations?: readonly AuthCommand[],
): Uint8Array {
  return encodeCommand({
    code: schema.code,
    handles: commandHandles(schema, input),
    authorizations,
    parameters: marshalCommandParameters(schema, input),
  });
}

/** A response split into its areas; parameters still marshalled (what rpHash covers). */
export interface ResponseFrame {
  readonly tag: number;
  readonly responseCode: number;
  readonly handles: number[];
  readonly parameters: Uint8Array;
  readonly authorizations: AuthResponse[];
}

/**
 * Splits a response into header, handles, parameter area and authorization area.
 * The header's size must equal the byte count; a response with a non-zero code
 * is a bare 10-byte header. `sessions` is how many sessions the command carried.
 */
export function decodeResponse(schema: CommandSchema, response: Uint8Array, sessions: number): ResponseFrame {
  return withFieldPaths(
    (p) => decodeResponseAt(schema, response, sessions, p),
    () => `${schema.name}.response`,
  );
}

function decodeResponseAt(schema: CommandSchema, response: Uint8Array, sessions: number, p: string): ResponseFrame {
  const r = new ByteReader(response);
  const tag = r.u16(fieldPath(p, "tag"));
  const size = r.u32(fieldPath(p, "responseSize"));
  const responseCode = r.u32(fieldPath(p, "responseCode"));
  if (size !== response.length) {
    throw new MarshalError(
      "SIZE",
      fieldPath(p, "responseSize"),
      `header says ${size} bytes, ${response.length} received`,
    );
  }
  if (tag !== TPM_ST.NO_SESSIONS && tag !== TPM_ST.SESSIONS) {
    throw new MarshalError("VALUE", fieldPath(p, "tag"), `bad response tag 0x${tag.toString(16)}`);
  }
  if (responseCode !== 0) {
    r.expectEnd(p);
    return { tag, responseCode, handles: [], parameters: new Uint8Array(0), authorizations: [] };
  }
  const handles: number[] = [];
  for (const name of schema.responseHandleNames)
    handles.push(schema.responseHandles[name]!.read(r, fieldPath(p, name)));
  let parameters: Uint8Array;
  const authorizations: AuthResponse[] = [];
  if (tag === TPM_ST.SESSIONS) {
    if (sessions === 0)
      throw new MarshalError("VALUE", fieldPath(p, "tag"), "TPM_ST_SESSIONS response to a command without sessions");
    const parameterSize = r.u32(fieldPath(p, "parameterSize"));
    parameters = r.bytesView(parameterSize, fieldPath(p, "parameters"));
    for (let i = 0; i < sessions; i++)
      authorizations.push(TPMS_AUTH_RESPONSE.read(r, indexPath(fieldPath(p, "authorizationArea"), i)));
  } else {
    if (sessions !== 0)
      throw new MarshalError("VALUE", fieldPath(p, "tag"), "TPM_ST_NO_SESSIONS response to a command with sessions");
    parameters = r.bytesView(r.remaining, fieldPath(p, "parameters"));
  }
  r.expectEnd(p);
  return { tag, responseCode, handles, parameters, authorizations };
}

/** Unmarshals a response parameter area; every byte must be consumed. */
export function unmarshalResponseParameters<S extends CommandSchema>(
  schema: S,
  parameters: Uint8Array,
): Omit<CommandOutput<S>, keyof S["responseHandles"]> {
  return withFieldPaths(
    (path) => {
      const r = new ByteReader(parameters);
      const out = schema.response.read(r, path);
      r.expectEnd(path === "" ? "" : `${path}.parameters`);
      return out;
    },
    () => schema.name,
  ) as never;
}

/** Unmarshals a successful response into its output object (handles and parameters). */
export function unmarshalResponse<S extends CommandSchema>(
  schema: S,
  response: Uint8Array,
  sessions = 0,
): CommandOutput<S> {
  const frame = decodeResponse(schema, response, sessions);
  if (frame.responseCode !== 0) {
    throw new MarshalError(
      "VALUE",
      `${schema.name}.response.responseCode`,
      `response code 0x${frame.responseCode.toString(16)}`,
    );
  }
  return {
    ...responseHandleObject(schema, frame.handles),
    ...unmarshalResponseParameters(schema, frame.parameters),
  } as never;
}

/** Response handle values by name. */
export function responseHandleObject(schema: CommandSchema, handles: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  schema.responseHandleNames.forEach((n, i) => {
    out[n] = handles[i]!;
  });
  return out;
}
