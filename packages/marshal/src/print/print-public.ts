/**
 * Object public areas and the attribute words of objects, sessions and NV
 * Indexes as the IBM TSS's structure printers list them (readpublic -v,
 * loadexternal -v, printattr):
 * - TPMA_OBJECT: "<label>: xxxxxxxx", then "<label>: <bit>" for each set bit;
 * - TPMA_SESSION: "TPMA_SESSION: <bit>" for each set bit;
 * - TPMA_NV: "TPMA_NV_<bit>" for each set bit, the index type as "TPM_NT_<type>";
 * - TPMT_PUBLIC: type, nameAlg, objectAttributes, authPolicy, the parameters
 *   and the unique field.
 */
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPMA_NV } from "../constants/tpma-nv.js";
import { TPMA_OBJECT } from "../constants/tpma-object.js";
import { TPMA_SESSION } from "../constants/tpma-session.js";
import { printAllLines } from "./print-bytes.js";
import { algIdLine, eccCurveLine } from "./print-names.js";

const pad = (indent: number) => " ".repeat(indent);
const hex = (n: number, digits: number) => (n >>> 0).toString(16).padStart(digits, "0");

/** The TPMA_OBJECT bits IBM's printer names, in its order. */
const OBJECT_BITS: readonly (readonly [number, string])[] = [
  [TPMA_OBJECT.fixedTPM, "fixedTpm"],
  [TPMA_OBJECT.stClear, "stClear"],
  [TPMA_OBJECT.fixedParent, "fixedParent"],
  [TPMA_OBJECT.sensitiveDataOrigin, "sensitiveDataOrigin"],
  [TPMA_OBJECT.userWithAuth, "userWithAuth"],
  [TPMA_OBJECT.adminWithPolicy, "adminWithPolicy"],
  [TPMA_OBJECT.noDA, "noDA"],
  [TPMA_OBJECT.encryptedDuplication, "encryptedDuplication"],
  [TPMA_OBJECT.restricted, "restricted"],
  [TPMA_OBJECT.decrypt, "decrypt"],
  [TPMA_OBJECT.sign, "sign"],
];

/** "<label>: xxxxxxxx", then "<label>: <attribute>" for each set TPMA_OBJECT bit. */
export function tpmaObjectLines(label: string, attributes: number, indent: number): string[] {
  const p = pad(indent);
  return [
    `${p}${label}: ${hex(attributes, 8)}`,
    ...OBJECT_BITS.filter(([bit]) => attributes & bit).map(([, name]) => `${p}${label}: ${name}`),
  ];
}

const SESSION_BITS: readonly (readonly [number, string])[] = [
  [TPMA_SESSION.continueSession, "continue"],
  [TPMA_SESSION.auditExclusive, "auditexclusive"],
  [TPMA_SESSION.auditReset, "auditreset"],
  [TPMA_SESSION.decrypt, "decrypt"],
  [TPMA_SESSION.encrypt, "encrypt"],
  [TPMA_SESSION.audit, "audit"],
];

/** "TPMA_SESSION: <attribute>" for each set bit. */
export function tpmaSessionLines(attributes: number, indent: number): string[] {
  return SESSION_BITS.filter(([bit]) => attributes & bit).map(([, name]) => `${pad(indent)}TPMA_SESSION: ${name}`);
}

const NT_NAMES = [
  "ORDINARY",
  "COUNTER",
  "BITS",
  undefined,
  "EXTEND",
  undefined,
  undefined,
  undefined,
  "PIN_FAIL",
  "PIN_PASS",
];
const NV_LOW = ["PPWRITE", "OWNERWRITE", "AUTHWRITE", "POLICYWRITE"] as const;
const NV_HIGH = [
  "POLICY_DELETE",
  "WRITELOCKED",
  "WRITEALL",
  "WRITEDEFINE",
  "WRITE_STCLEAR",
  "GLOBALLOCK",
  "PPREAD",
  "OWNERREAD",
  "AUTHREAD",
  "POLICYREAD",
  "NO_DA",
  "ORDERLY",
  "CLEAR_STCLEAR",
  "READLOCKED",
  "WRITTEN",
  "PLATFORMCREATE",
  "READ_STCLEAR",
] as const;

/** "TPMA_NV_<attribute>" for each set bit, with the index type "TPM_NT_<type>" after the write bits. */
export function tpmaNvLines(attributes: number, indent: number): string[] {
  const p = pad(indent);
  const nt = (attributes & TPMA_NV.TPM_NT) >>> 4;
  const type = NT_NAMES[nt];
  return [
    ...NV_LOW.filter((n) => attributes & TPMA_NV[n]).map((n) => `${p}TPMA_NV_${n}`),
    type ? `${p}TPM_NT_${type}` : `${p}TPMA_NV type ${hex(nt, 2)} unknown`,
    ...NV_HIGH.filter((n) => attributes & TPMA_NV[n]).map((n) => `${p}TPMA_NV_${n}`),
  ];
}

/** A TPMT_PUBLIC value's fields as the printer reads them. */
interface PublicValue {
  readonly type: number;
  readonly nameAlg: number;
  readonly objectAttributes: number;
  readonly authPolicy: Uint8Array;
  readonly parameters: Record<string, any>;
  readonly unique: Record<string, any>;
}

/** A scheme line and, unless NULL, its hash ("details TPM_ALG_x"). */
function schemeLines(scheme: { scheme: number; details: Record<string, any> }, indent: number): string[] {
  const lines = [algIdLine("scheme", scheme.scheme, indent)];
  const detail = Object.values(scheme.details ?? {})[0] as { hashAlg?: number } | undefined;
  if (scheme.scheme !== TPM_ALG_ID.NULL && detail?.hashAlg !== undefined)
    lines.push(algIdLine("details", detail.hashAlg, indent + 2));
  return lines;
}

function symLines(
  sym: { algorithm: number; keyBits: Record<string, number>; mode: Record<string, number> },
  indent: number,
) {
  const lines = [algIdLine("algorithm", sym.algorithm, indent)];
  if (sym.algorithm !== TPM_ALG_ID.NULL) {
    lines.push(`${pad(indent)}keyBits: ${Object.values(sym.keyBits)[0] ?? 0}`);
    const mode = Object.values(sym.mode)[0];
    if (mode !== undefined) lines.push(algIdLine("mode", mode, indent));
  }
  return lines;
}

/** TPMT_PUBLIC in the IBM printer's layout. */
export function tpmtPublicLines(publicArea: PublicValue, indent: number): string[] {
  const p = pad(indent);
  const lines = [
    algIdLine("type", publicArea.type, indent),
    algIdLine("nameAlg", publicArea.nameAlg, indent),
    ...tpmaObjectLines("objectAttributes", publicArea.objectAttributes, indent),
    ...printAllLines("authPolicy", publicArea.authPolicy, indent),
  ];
  const { rsaDetail, eccDetail, keyedHashDetail, symDetail } = publicArea.parameters;
  if (rsaDetail) {
    lines.push(`${p}TPMU_PUBLIC_PARMS rsaDetail`, ...symLines(rsaDetail.symmetric, indent + 2));
    lines.push(...schemeLines(rsaDetail.scheme, indent));
    lines.push(
      `${p}TPM_KEY_BITS keyBits: ${rsaDetail.keyBits}`,
      `${p}TPMS_RSA_PARMS exponent ${hex(rsaDetail.exponent, 8)}`,
    );
    lines.push(...printAllLines("TPM_ALG_RSA rsa", publicArea.unique.rsa ?? new Uint8Array(0), indent));
  } else if (eccDetail) {
    lines.push(`${p}TPMU_PUBLIC_PARMS eccDetail`, ...symLines(eccDetail.symmetric, indent + 2));
    lines.push(...schemeLines(eccDetail.scheme, indent + 2), eccCurveLine("curveID", eccDetail.curveID, indent));
    lines.push(...schemeLines(eccDetail.kdf, indent + 2));
    lines.push(...printAllLines("TPM_ALG_ECC x", publicArea.unique.ecc?.x ?? new Uint8Array(0), indent));
    lines.push(...printAllLines("TPM_ALG_ECC y", publicArea.unique.ecc?.y ?? new Uint8Array(0), indent));
  } else if (keyedHashDetail) {
    lines.push(`${p}TPMU_PUBLIC_PARMS keyedHashDetail`, ...schemeLines(keyedHashDetail.scheme, indent + 2));
    lines.push(
      ...printAllLines("TPM_ALG_KEYEDHASH keyedHash", publicArea.unique.keyedHash ?? new Uint8Array(0), indent),
    );
  } else if (symDetail) {
    lines.push(`${p}TPMU_PUBLIC_PARMS symDetail`, ...symLines(symDetail.sym, indent + 2));
    lines.push(...printAllLines("TPM_ALG_SYMCIPHER sym", publicArea.unique.sym ?? new Uint8Array(0), indent));
  } else {
    lines.push(`${p}TPMU_PUBLIC_PARMS: selector ${hex(publicArea.type, 4)} not implemented`);
  }
  return lines;
}
