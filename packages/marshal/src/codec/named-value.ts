import type { NamedTypes } from "../types/named-types.js";

/** A TPM type name without its "+" qualifier: `TPMT_PUBLIC+` → `TPMT_PUBLIC`. */
export type BaseTypeName<N extends string> = N extends `${infer B}+` ? B : N;

/**
 * The value type of the TPM type named `N`: its named type from {@link NamedTypes}
 * (`TPMT_PUBLIC` for `struct("TPMT_PUBLIC", ...)`), or `D`, the type inferred from
 * the codec's parts, for a name that has none (a command's parameter structure).
 */
export type NamedValue<N extends string, D> =
  BaseTypeName<N> extends keyof NamedTypes ? NamedTypes[BaseTypeName<N>] : D;
