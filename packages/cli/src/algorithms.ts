/** The algorithm names the IBM TSS utilities accept on their command lines. */
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** -halg / -nalg values: sha1, sha256, sha384, sha512. */
export const HASH_NAMES: Readonly<Record<string, number>> = {
  sha1: TPM_ALG_ID.SHA1,
  sha256: TPM_ALG_ID.SHA256,
  sha384: TPM_ALG_ID.SHA384,
  sha512: TPM_ALG_ID.SHA512,
};

/** -ecc values: bnp256, nistp256, nistp384. */
export const CURVE_NAMES: Readonly<Record<string, number>> = {
  bnp256: TPM_ECC_CURVE.BN_P256,
  nistp256: TPM_ECC_CURVE.NIST_P256,
  nistp384: TPM_ECC_CURVE.NIST_P384,
};

/** The node:crypto name of a TPM hash algorithm. */
export const NODE_HASH_NAMES: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};

/** Looks a name up in a table, or throws UsageError "bad parameter X for -flag". */
export function named(table: Readonly<Record<string, number>>, flag: string, name: string | undefined): number {
  if (name === undefined) throw new UsageError(`${flag} option needs a value`);
  const v = Object.hasOwn(table, name) ? table[name] : undefined;
  if (v === undefined)
    throw new UsageError(`bad parameter ${name} for ${flag} (one of ${Object.keys(table).join(", ")})`);
  return v;
}

/** A hash algorithm flag's value, or `fallback` when the flag is absent. */
export function hashFlag(flag: string, name: string | undefined, fallback: number = TPM_ALG_ID.SHA256): number {
  return name === undefined ? fallback : named(HASH_NAMES, flag, name);
}
