import { lazyTable } from "../codec/lazy.js";
import { TPM_RC, TPM_RC_FIELDS } from "../constants/tpm-rc.js";
import { type RcName, TPM_RC_TEXT } from "./rc-text.js";

/**
 * Which family a response code belongs to (Part 2, 6.6, "Response Code Evaluation"):
 * "success"; "format-zero-error" and "warning" (TPM 2.0 format-zero codes);
 * "format-one" (an error naming a handle, parameter or session); "vendor" (format zero
 * with the T bit); "tpm12" (bits 7 and 8 clear: a TPM 1.2 code); "layer" (bits 16-31 set:
 * a software layer's code, not the TPM's); "invalid" (not a 32-bit unsigned value, or
 * bits 12-15 set with no layer).
 */
export type RcKind =
  | "success"
  | "format-zero-error"
  | "warning"
  | "format-one"
  | "vendor"
  | "tpm12"
  | "layer"
  | "invalid";

/** A response code, decoded. */
export interface RcDescription {
  /** The code as given, as an unsigned 32-bit number (NaN and other non-codes are kept as given). */
  readonly rc: number;
  /** "TPM_RC_AUTH_FAIL" for a named code; "TPM_RC(0x...)" or "RC(0x...)" for one without a name. */
  readonly name: string;
  /** What the code means. */
  readonly text: string;
  /** The family of the code. */
  readonly kind: RcKind;
  /** Whether the code is one the specification names. */
  readonly known: boolean;
  /** Format one: the handle (1-7) at fault; a REFERENCE_Hn warning: handle n+1. */
  readonly handle?: number;
  /** Format one: the parameter (1-15) at fault. */
  readonly parameter?: number;
  /** Format one: the session (1-7) at fault; a REFERENCE_Sn warning: session n+1. */
  readonly session?: number;
  /** Kind "layer": bits 16-31, the software layer that produced the code. */
  readonly layer?: number;
  /**
   * The code without its location: RC_FMT1 + E for format one, RC_VER1 + E or RC_WARN + E
   * for format zero (the reserved bit 9 dropped), the low 16 bits for a layer's code,
   * the code itself otherwise.
   */
  readonly baseCode: number;
}

const BY_CODE: ReadonlyMap<number, RcName> = /* @__PURE__ */ lazyTable(
  () => new Map((Object.keys(TPM_RC_TEXT) as RcName[]).map((k) => [TPM_RC[k] as number, k] as const)),
  new Map(),
);

const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, "0")}`;

function named(base: number): { name: string; text: string; known: boolean } | undefined {
  const key = BY_CODE.get(base);
  return key === undefined ? undefined : { name: `TPM_RC_${key}`, text: TPM_RC_TEXT[key], known: true };
}

function formatOne(rc: number): RcDescription {
  const e = rc & TPM_RC_FIELDS.E_FMT1;
  const baseCode = TPM_RC.RC_FMT1 + e;
  const n = (rc & TPM_RC_FIELDS.N) >>> TPM_RC_FIELDS.N_SHIFT;
  let location: { handle?: number; parameter?: number; session?: number } = {};
  if (rc & TPM_RC_FIELDS.P) {
    if (n !== 0) location = { parameter: n };
  } else if (n & 0x8) {
    if ((n & 0x7) !== 0) location = { session: n & 0x7 };
  } else if (n !== 0) {
    location = { handle: n };
  }
  const found = named(baseCode) ?? {
    name: `TPM_RC(${hex(rc, 3)})`,
    text: `unknown format-one error RC_FMT1 + ${hex(e, 3)}`,
    known: false,
  };
  return { rc, ...found, kind: "format-one", ...location, baseCode };
}

function formatZero(rc: number): RcDescription {
  const e = rc & TPM_RC_FIELDS.E_FMT0;
  const warning = (rc & TPM_RC_FIELDS.S) !== 0;
  if (rc & TPM_RC_FIELDS.T) {
    return {
      rc,
      name: `TPM_RC(${hex(rc, 3)})`,
      text: `vendor-defined ${warning ? "warning" : "error"} ${hex(e, 3)}`,
      kind: "vendor",
      known: false,
      baseCode: rc & ~0x200,
    };
  }
  const baseCode = (warning ? TPM_RC.RC_WARN : TPM_RC.RC_VER1) + e;
  const found = named(baseCode) ?? {
    name: `TPM_RC(${hex(rc, 3)})`,
    text: `unknown ${warning ? "warning RC_WARN" : "format-zero error RC_VER1"} + ${hex(e, 3)}`,
    known: false,
  };
  let location: { handle?: number; session?: number } = {};
  if (warning && baseCode >= TPM_RC.REFERENCE_H0 && baseCode <= TPM_RC.REFERENCE_H6) {
    location = { handle: baseCode - TPM_RC.REFERENCE_H0 + 1 };
  } else if (warning && baseCode >= TPM_RC.REFERENCE_S0 && baseCode <= TPM_RC.REFERENCE_S6) {
    location = { session: baseCode - TPM_RC.REFERENCE_S0 + 1 };
  }
  return { rc, ...found, kind: warning ? "warning" : "format-zero-error", ...location, baseCode };
}

/**
 * Decode a response code: its name, what it means, its family, and for a format-one
 * code the handle, parameter or session it names. Never throws: codes it does not know
 * (including other software layers' codes and non-numbers) are described as such.
 */
export function describeRc(rc: number): RcDescription {
  if (typeof rc !== "number" || !Number.isInteger(rc) || rc < -0x80000000 || rc > 0xffffffff) {
    return {
      rc,
      name: `RC(${String(rc)})`,
      text: "not a 32-bit response code",
      kind: "invalid",
      known: false,
      baseCode: rc,
    };
  }
  const v = rc >>> 0;
  if (v === TPM_RC.SUCCESS) {
    return { rc: v, name: "TPM_RC_SUCCESS", text: TPM_RC_TEXT.SUCCESS, kind: "success", known: true, baseCode: 0 };
  }
  if (v > 0xffff) {
    const layer = v >>> 16;
    return {
      rc: v,
      name: `RC(${hex(v, 8)})`,
      text: `unknown layer ${layer}, code ${hex(v & 0xffff, 4)}`,
      kind: "layer",
      known: false,
      layer,
      baseCode: v & 0xffff,
    };
  }
  if (v > 0xfff) {
    return {
      rc: v,
      name: `RC(${hex(v, 8)})`,
      text: "not a response code: bits 12-15 are set but no layer is named",
      kind: "invalid",
      known: false,
      baseCode: v,
    };
  }
  if ((v & (TPM_RC_FIELDS.F | TPM_RC_FIELDS.V)) === 0) {
    const found = named(v);
    return {
      rc: v,
      name: found?.name ?? `TPM_RC(${hex(v, 3)})`,
      text: found?.text ?? `TPM 1.2 response code ${hex(v, 3)}`,
      kind: "tpm12",
      known: found !== undefined,
      baseCode: v,
    };
  }
  return v & TPM_RC_FIELDS.F ? formatOne(v) : formatZero(v);
}
