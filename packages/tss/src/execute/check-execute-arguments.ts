/**
 * Input validation at the door: every argument of execute (and so of every typed
 * command) is checked before anything is queued or sent. A bad value is a
 * TssError BAD_PARAMETER naming its path (`options.sessions[1].attributes`).
 */
import {
  handleType,
  isAbortSignal,
  isLocality,
  TPM_ALG_ID,
  TPM_CC,
  TPM_HT,
  TPM_RS,
  TPM_SE,
  TssError,
} from "@tss/marshal";

/** The largest password or authValue: TPM2B_AUTH holds at most sizeof(TPMU_HA), 64 octets. */
export const MAX_AUTH_SIZE = 64;

/** TPMA_SESSION bits 3 and 4 are reserved. */
const TPMA_SESSION_RESERVED = 0x18;

const encoder = new TextEncoder();

function bad(path: string, message: string): TssError {
  return new TssError("BAD_PARAMETER", `${path}: ${message}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (typeof v === "string") return v.length > 20 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return typeof v;
}

/** True for a non-null object that is not an array or a byte array. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Checks a locality: 0..4, or an extended locality 32..255. */
export function checkLocalityValue(path: string, v: unknown): void {
  if (!isLocality(v)) throw bad(path, `${describe(v)} is not a locality (0..4 or 32..255)`);
}

/** Checks a password: a string (UTF-8) or bytes, at most 64 octets. */
export function checkPassword(path: string, v: unknown): void {
  if (v === undefined) return;
  let size: number;
  if (typeof v === "string") size = encoder.encode(v).length;
  else if (v instanceof Uint8Array) size = v.length;
  else throw bad(path, `${describe(v)} is not a string or a Uint8Array`);
  if (size > MAX_AUTH_SIZE) throw bad(path, `${size} octets, more than a TPM2B_AUTH holds (${MAX_AUTH_SIZE})`);
}

function checkUint32(path: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw bad(path, `${describe(v)} is not a 32-bit handle`);
  }
}

/** Checks one session tuple. */
function checkSession(path: string, s: unknown): void {
  if (!isRecord(s)) throw bad(path, `${describe(s)} is not a session ({ handle, password?, attributes? })`);
  checkUint32(`${path}.handle`, s.handle);
  const ht = handleType(s.handle);
  if (s.handle !== TPM_RS.PW && ht !== TPM_HT.HMAC_SESSION && ht !== TPM_HT.POLICY_SESSION) {
    throw bad(`${path}.handle`, `0x${s.handle.toString(16)} is not TPM_RS_PW or a session handle`);
  }
  checkPassword(`${path}.password`, s.password);
  const a = s.attributes;
  if (a !== undefined) {
    if (typeof a !== "number" || !Number.isInteger(a) || a < 0 || a > 0xff) {
      throw bad(`${path}.attributes`, `${describe(a)} is not a TPMA_SESSION (an octet)`);
    }
    if (a & TPMA_SESSION_RESERVED) {
      throw bad(`${path}.attributes`, `0x${a.toString(16)} sets reserved TPMA_SESSION bits (3, 4)`);
    }
  }
}

const SESSION_TYPES: ReadonlySet<unknown> = new Set([TPM_SE.HMAC, TPM_SE.POLICY, TPM_SE.TRIAL]);
const AUTH_HASHES: ReadonlySet<unknown> = new Set([
  TPM_ALG_ID.SHA1,
  TPM_ALG_ID.SHA256,
  TPM_ALG_ID.SHA384,
  TPM_ALG_ID.SHA512,
]);

/**
 * Checks execute's arguments (not the command parameters themselves, which the
 * marshaller checks against the schema). Throws BAD_PARAMETER.
 */
export function checkExecuteArguments(commandCode: unknown, input: unknown, options: unknown): void {
  if (typeof commandCode !== "number" || !Number.isInteger(commandCode) || commandCode < 0) {
    throw bad("commandCode", `${describe(commandCode)} is not a TPM_CC`);
  }
  if (!isRecord(input)) throw bad("input", `${describe(input)} is not an object of command parameters`);
  if (options === undefined) return;
  if (!isRecord(options)) throw bad("options", `${describe(options)} is not an object`);
  const { sessions, extra, locality, signal } = options;
  if (sessions !== undefined) {
    if (!Array.isArray(sessions)) throw bad("options.sessions", `${describe(sessions)} is not an array`);
    if (sessions.length > 3) throw bad("options.sessions", `${sessions.length} sessions, at most three`);
    sessions.forEach((s, i) => {
      checkSession(`options.sessions[${i}]`, s);
    });
  }
  if (extra !== undefined) {
    if (!isRecord(extra)) throw bad("options.extra", `${describe(extra)} is not an object`);
    checkPassword("options.extra.bindPassword", extra.bindPassword);
  }
  if (locality !== undefined) checkLocalityValue("options.locality", locality);
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw bad("options.signal", `${describe(signal)} is not an AbortSignal`);
  }
  if (commandCode === TPM_CC.StartAuthSession) {
    if (!SESSION_TYPES.has(input.sessionType)) {
      throw bad(
        "input.sessionType",
        `${describe(input.sessionType)} is not TPM_SE_HMAC, TPM_SE_POLICY or TPM_SE_TRIAL`,
      );
    }
    if (!AUTH_HASHES.has(input.authHash)) {
      throw bad("input.authHash", `${describe(input.authHash)} is not SHA-1, SHA-256, SHA-384 or SHA-512`);
    }
    for (const h of ["tpmKey", "bind"] as const) checkUint32(`input.${h}`, input[h]);
  }
}
