/**
 * TPMA_* attribute words as the IBM TSS's structure printers list them: one
 * line per bit, "TPMA_X: name yes|no" (or only the set bits, for
 * TPMA_ALGORITHM). Bits IBM's printers do not know are listed only when set.
 */
import { TPMA_ACT } from "../constants/tpma-act.js";
import { TPMA_ALGORITHM } from "../constants/tpma-algorithm.js";
import { TPMA_MEMORY } from "../constants/tpma-memory.js";
import { TPMA_MODES, tpmaModesFips1403Indicator } from "../constants/tpma-modes.js";
import { TPMA_PERMANENT } from "../constants/tpma-permanent.js";
import { TPMA_STARTUP_CLEAR } from "../constants/tpma-startup-clear.js";

const yesNo = (set: boolean) => (set ? "yes" : "no");

/** "TPMA_ALGORITHM: <kind>" for each set bit. */
export function tpmaAlgorithmLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  return (Object.entries(TPMA_ALGORITHM) as [string, number][])
    .filter(([, bit]) => attributes & bit)
    .map(([name]) => `${pad}TPMA_ALGORITHM: ${name}`);
}

/** "TPMA_MEMORY: sharedRAM|sharedNV|objectCopiedToRam yes|no". */
export function tpmaMemoryLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  return (Object.entries(TPMA_MEMORY) as [string, number][]).map(
    ([name, bit]) => `${pad}TPMA_MEMORY: ${name} ${yesNo((attributes & bit) !== 0)}`,
  );
}

/** "TPMA_MODES: TPMA_MODES_FIPS_140_2 yes|no", then the FIPS 140-3 fields when set. */
export function tpmaModesLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines = [`${pad}TPMA_MODES: TPMA_MODES_FIPS_140_2 ${yesNo((attributes & TPMA_MODES.FIPS_140_2) !== 0)}`];
  if (attributes & TPMA_MODES.FIPS_140_3) lines.push(`${pad}TPMA_MODES: TPMA_MODES_FIPS_140_3 yes`);
  const indicator = tpmaModesFips1403Indicator(attributes);
  if (indicator) lines.push(`${pad}TPMA_MODES: TPMA_MODES_FIPS_140_3_INDICATOR ${indicator}`);
  return lines;
}

/** "TPMA_PERMANENT: <flag> yes|no" for each flag. */
export function tpmaPermanentLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  return (Object.entries(TPMA_PERMANENT) as [string, number][]).map(
    ([name, bit]) => `${pad}TPMA_PERMANENT: ${name} ${yesNo((attributes & bit) !== 0)}`,
  );
}

/** "TPMA_STARTUP_CLEAR: <flag> yes|no" for each flag (readOnly, a later flag, only when set). */
export function tpmaStartupClearLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  return (Object.entries(TPMA_STARTUP_CLEAR) as [string, number][])
    .filter(([name, bit]) => name !== "readOnly" || (attributes & bit) !== 0)
    .map(([name, bit]) => `${pad}TPMA_STARTUP_CLEAR: ${name} ${yesNo((attributes & bit) !== 0)}`);
}

/** "TPMA_ACT: TPMA_ACT_SIGNALED set|clear" and the same for PRESERVE_SIGNALED. */
export function tpmaActLines(attributes: number, indent: number): string[] {
  const pad = " ".repeat(indent);
  const state = (bit: number) => ((attributes & bit) !== 0 ? "set" : "clear");
  return [
    `${pad}TPMA_ACT: TPMA_ACT_SIGNALED ${state(TPMA_ACT.signaled)}`,
    `${pad}TPMA_ACT: TPMA_ACT_PRESERVE_SIGNALED ${state(TPMA_ACT.preserveSignaled)}`,
  ];
}
