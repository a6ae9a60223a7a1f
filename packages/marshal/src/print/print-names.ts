/**
 * Names of TPM values as the IBM TSS's structure printers show them
 * ("TPM_ALG_SHA256", "TPM_ECC_NIST_P256", "TPM_RH_OWNER"), and the lines
 * "<indent><label> <name>" they print.
 */
import { lazyTable } from "../codec/lazy.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_ECC_CURVE } from "../constants/tpm-ecc-curve.js";
import { TPM_RH } from "../constants/tpm-rh.js";

const hex = (n: number, digits: number) => (n >>> 0).toString(16).padStart(digits, "0");

// Later keys win: SHA1 over its older alias SHA.
// The name tables are built on first use, not at import.
const ALG_NAMES: ReadonlyMap<number, string> = /* @__PURE__ */ lazyTable(
  () => new Map(Object.entries(TPM_ALG_ID).map(([k, v]) => [v as number, `TPM_ALG_${k}`])),
  new Map(),
);
const CURVE_NAMES: ReadonlyMap<number, string> = /* @__PURE__ */ lazyTable(
  () => new Map(Object.entries(TPM_ECC_CURVE).map(([k, v]) => [v as number, `TPM_ECC_${k}`])),
  new Map(),
);
// The permanent handles with a name of their own (not the ranges' FIRST/LAST markers).
const HANDLE_KEYS = [
  "SRK",
  "OWNER",
  "REVOKE",
  "TRANSPORT",
  "OPERATOR",
  "ADMIN",
  "EK",
  "NULL",
  "UNASSIGNED",
  "LOCKOUT",
  "ENDORSEMENT",
  "PLATFORM",
  "PLATFORM_NV",
  "FW_OWNER",
  "FW_ENDORSEMENT",
  "FW_PLATFORM",
  "FW_NULL",
] as const;
const HANDLE_NAMES: ReadonlyMap<number, string> = /* @__PURE__ */ lazyTable(
  () =>
    new Map<number, string>([...HANDLE_KEYS.map((k) => [TPM_RH[k], `TPM_RH_${k}`] as const), [TPM_RH.PW, "TPM_RS_PW"]]),
  new Map(),
);

/** "TPM_ALG_SHA256" for a TPM_ALG_ID, undefined for an unassigned value. */
export function algIdName(alg: number): string | undefined {
  return ALG_NAMES.get(alg);
}

/** "TPM_ECC_NIST_P256" for a TPM_ECC_CURVE, undefined for an unassigned value. */
export function eccCurveName(curve: number): string | undefined {
  return CURVE_NAMES.get(curve);
}

/** "TPM_RH_OWNER" (or "TPM_RS_PW") for a permanent handle with a name, else undefined. */
export function handleName(handle: number): string | undefined {
  return HANDLE_NAMES.get(handle >>> 0);
}

/** The line "<indent><label> TPM_ALG_x" (or "... TPM_ALG_ID value 00ab unknown"). */
export function algIdLine(label: string, alg: number, indent: number): string {
  return `${" ".repeat(indent)}${label} ${algIdName(alg) ?? `TPM_ALG_ID value ${hex(alg, 4)} unknown`}`;
}

/** The line "<indent><label> TPM_ECC_x" (or "... TPM_ECC_CURVE value 00ab unknown"). */
export function eccCurveLine(label: string, curve: number, indent: number): string {
  return `${" ".repeat(indent)}${label} ${eccCurveName(curve) ?? `TPM_ECC_CURVE value ${hex(curve, 4)} unknown`}`;
}

/** The line "<indent><label> TPM_RH_x" (or "... TPM_HANDLE 81000001"). */
export function handleLine(label: string, handle: number, indent: number): string {
  return `${" ".repeat(indent)}${label} ${handleName(handle) ?? `TPM_HANDLE ${hex(handle, 8)}`}`;
}
