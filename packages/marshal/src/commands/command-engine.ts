/**
 * The generic engine: marshals any command (header, handles, authorization
 * area, parameters) and unmarshals any response (header, handles,
 * parameterSize, parameters, authorization area) from its schema.
 */
import { ByteReader } from "../codec/byte-reader.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { Infer } from "../codec/codec.js";
import { fieldPath, indexPath, withFieldPaths } from "../codec/field-path.js";
import { TPM_RS } from "../constants/tpm-rh.js";
import { TPM_ST } from "../constants/tpm-st.js";
import { MarshalError } from "../errors.js";
import { TPM_HEADER_SIZE } from "../header.js";
import { MAX_DIGEST_SIZE } from "../types/limits.js";
import { TPMS_AUTH_COMMAND, TPMS_AUTH_RESPONSE } from "../types/structures.js";
import type { CommandInput, CommandOutput, CommandSchema } from "./command-schema.js";

/** One session of a command's authorization area. */
export type AuthCommand = Infer<typeof TPMS_AUTH_COMMAND>;
/** One session of a response's authorization area. */
export type AuthResponse = Infer<typeof TPMS_AUTH_RESPONSE>;

/** TPM_RS_PW, the password session's handle. */
const TPM_RS_PW = TPM_RS.PW;
/** The TPMA_SESSION bits TPMA_SESSION_CODEC accepts (3 and 4 are reserved). */
const TPMA_SESSION_DEFINED = 0xe7;
/** The largest nonce and HMAC of a session (TPM2B_NONCE, TPM2B_AUTH). */
const MAX_DIGEST_OCTETS = MAX_DIGEST_SIZE;

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

/** Frames a command: header, handles, authorization area (when sessions are present), parameters. */
export function encodeCommand(frame: CommandFrame): Uint8Array {
  return encodeCommandDirect(frame) ?? encodeCommandChecked(frame);
}

/** A session of plain, valid values: a TPMI_SH_AUTH_SESSION handle, TPMA_SESSION bits, nonce and HMAC of at most 64 octets. */
function isPlainAuthorization(a: AuthCommand | undefined): boolean {
  if (a === null || typeof a !== "object") return false;
  const h = a.sessionHandle;
  const attributes = a.sessionAttributes;
  return (
    (h === TPM_RS_PW || (Number.isInteger(h) && h >= 0x02000000 && h <= 0x03ffffff)) &&
    Number.isInteger(attributes) &&
    attributes >= 0 &&
    attributes <= 0xff &&
    (attributes & ~TPMA_SESSION_DEFINED) === 0 &&
    a.nonce instanceof Uint8Array &&
    a.nonce.length <= MAX_DIGEST_OCTETS &&
    a.hmac instanceof Uint8Array &&
    a.hmac.length <= MAX_DIGEST_OCTETS
  );
}

/** Writes a big-endian UINT32 at `at` as ByteWriter does. */
function putU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

/**
 * encodeCommand for the usual frame (every session plain and valid, the
 * parameters a Uint8Array): the exact size first, then one array written in
 * place. Undefined for anything else, which the checked path frames or refuses
 * with the codec's own error.
 */
function encodeCommandDirect(frame: CommandFrame): Uint8Array | undefined {
  const { handles, parameters } = frame;
  const authorizations = frame.authorizations ?? [];
  if (!(parameters instanceof Uint8Array) || !Array.isArray(handles) || !Array.isArray(authorizations))
    return undefined;
  let authSize = 0;
  for (let i = 0; i < authorizations.length; i++) {
    const a = authorizations[i];
    if (!isPlainAuthorization(a)) return undefined;
    authSize += 4 + 2 + a!.nonce.length + 1 + 2 + a!.hmac.length;
  }
  const withSessions = authorizations.length > 0;
  const size = TPM_HEADER_SIZE + 4 * handles.length + (withSessions ? 4 + authSize : 0) + parameters.length;
  const out = new Uint8Array(size);
  const tag = withSessions ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS;
  out[0] = tag >>> 8;
  out[1] = tag;
  putU32(out, 2, size);
  putU32(out, 6, frame.code);
  let at = TPM_HEADER_SIZE;
  for (let i = 0; i < handles.length; i++, at += 4) putU32(out, at, handles[i]!);
  if (withSessions) {
    putU32(out, at, authSize);
    at += 4;
    for (let i = 0; i < authorizations.length; i++) {
      const a = authorizations[i]!;
      putU32(out, at, a.sessionHandle);
      out[at + 4] = a.nonce.length >>> 8;
      out[at + 5] = a.nonce.length;
      out.set(a.nonce, at + 6);
      at += 6 + a.nonce.length;
      out[at] = a.sessionAttributes;
      out[at + 1] = a.hmac.length >>> 8;
      out[at + 2] = a.hmac.length;
      out.set(a.hmac, at + 3);
      at += 3 + a.hmac.length;
    }
  }
  out.set(parameters, at);
  return out;
}

/** encodeCommand through the codecs: every field checked, errors with their field paths. */
function encodeCommandChecked(frame: CommandFrame): Uint8Array {
  const w = new ByteWriter(
    TPM_HEADER_SIZE +
      4 * frame.handles.length +
      frame.parameters.length +
      (frame.authorizations?.length ? 4 + 80 * frame.authorizations.length : 0),
  );
  const withSessions = (frame.authorizations?.length ?? 0) > 0;
  w.u16(withSessions ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS);
  w.u32(0);
  w.u32(frame.code);
  for (const h of frame.handles) w.u32(h);
  if (withSessions) {
    const at = w.length;
    w.u32(0);
    for (const [i, a] of frame.authorizations!.entries()) TPMS_AUTH_COMMAND.write(w, a, `authorizationArea[${i}]`);
    w.patchU32(at, w.length - at - 4);
  }
  w.bytes(frame.parameters);
  w.patchU32(2, w.length);
  return w.detach();
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
