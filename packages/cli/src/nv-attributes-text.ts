/** TPMA_NV as the IBM TSS prints it (nvreadpublic): one line per attribute set, the index type in its place. */
import { TPM_NT, TPMA_NV, tpmaNvType } from "@tss/marshal";

/** The name of each index type (TPM_NT) as printed. */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  [TPM_NT.ORDINARY]: "TPM_NT_ORDINARY",
  [TPM_NT.COUNTER]: "TPM_NT_COUNTER",
  [TPM_NT.BITS]: "TPM_NT_BITS",
  [TPM_NT.EXTEND]: "TPM_NT_EXTEND",
  [TPM_NT.PIN_FAIL]: "TPM_NT_PIN_FAIL",
  [TPM_NT.PIN_PASS]: "TPM_NT_PIN_PASS",
};

/** The attributes printed before the type, then those after it, in IBM's order. */
const BEFORE_TYPE = ["PPWRITE", "OWNERWRITE", "AUTHWRITE", "POLICYWRITE"] as const;
const AFTER_TYPE = [
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

/** The names of the attributes set in `attributes` (TPMA_NV_x, and TPM_NT_x for the type), in IBM's print order. */
export function nvAttributeNames(attributes: number): string[] {
  const set = (names: readonly (keyof typeof TPMA_NV)[]) =>
    names.filter((n) => (attributes & TPMA_NV[n]) !== 0).map((n) => `TPMA_NV_${n}`);
  const type = tpmaNvType(attributes);
  const typeName = TYPE_NAMES[type] ?? `TPMA_NV type ${type.toString(16).padStart(2, "0")} unknown`;
  return [...set(BEFORE_TYPE), typeName, ...set(AFTER_TYPE)];
}

/** The attribute lines IBM's TSS_TPMA_NV_Print writes, each indented by `indent` spaces. */
export function nvAttributesText(attributes: number, indent = 0): string {
  return nvAttributeNames(attributes)
    .map((n) => `${" ".repeat(indent)}${n}\n`)
    .join("");
}
