/** The one-letter hierarchy names of the IBM TSS utilities' -hi flags. */
import { TPM_RH } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** -hi letters: e endorsement, o owner, p platform, n null, l lockout. */
export const HIERARCHY_LETTERS: Readonly<Record<string, number>> = {
  e: TPM_RH.ENDORSEMENT,
  o: TPM_RH.OWNER,
  p: TPM_RH.PLATFORM,
  n: TPM_RH.NULL,
  l: TPM_RH.LOCKOUT,
};

/** The hierarchy handle of a -hi value limited to `allowed` letters. */
export function hierarchyFlag(flag: string, value: string | undefined, allowed: string): number {
  if (value === undefined) throw new UsageError(`missing or illegal ${flag}`);
  const letter = value[0] ?? "";
  if (value.length !== 1 || !allowed.includes(letter))
    throw new UsageError(`bad parameter ${value} for ${flag} (one of ${allowed.split("").join(", ")})`);
  return HIERARCHY_LETTERS[letter]!;
}
