/** The TPM panel: manufacturer, firmware, vendor strings, specification level, algorithms and commands. */
import { algIdName, TPM_CAP, TPM_PT, tpmaAlgorithmLines } from "@tss/marshal";
import { commandCodeOf, readCapability } from "../capability.js";
import { fillList, fillTable, onClick, setText } from "../dom.js";
import { commandName } from "../error-text.js";
import { fourChars, hex32 } from "../hex.js";
import type { PageTpm } from "../tpm-connection.js";

/** The fixed properties the panel shows, by TPM_PT. */
async function fixedProperties(page: PageTpm): Promise<Map<number, number>> {
  const items = await readCapability(page, TPM_CAP.TPM_PROPERTIES, TPM_PT.PT_FIXED, TPM_PT.PT_FIXED + 0x100);
  return new Map(items.map((p) => [p.property as number, p.value as number]));
}

/**
 * "major.minor.x.y (0x... 0x...)" from TPM_PT_FIRMWARE_VERSION_1 and _2: each
 * 16-bit half in decimal, as vendors publish it, then both words as the TPM has them.
 */
export function firmwareVersion(v1: number, v2: number): string {
  return `${[v1 >>> 16, v1 & 0xffff, v2 >>> 16, v2 & 0xffff].join(".")} (${hex32(v1)} ${hex32(v2)})`;
}

/** Reads and shows the TPM's identity, algorithms and commands. */
export async function showTpmInfo(page: PageTpm): Promise<void> {
  const pt = await fixedProperties(page);
  const get = (p: number) => pt.get(p) ?? 0;
  setText("tpm-manufacturer", fourChars(get(TPM_PT.MANUFACTURER)));
  setText("tpm-firmware", firmwareVersion(get(TPM_PT.FIRMWARE_VERSION_1), get(TPM_PT.FIRMWARE_VERSION_2)));
  setText(
    "tpm-vendor",
    [TPM_PT.VENDOR_STRING_1, TPM_PT.VENDOR_STRING_2, TPM_PT.VENDOR_STRING_3, TPM_PT.VENDOR_STRING_4]
      .map((p) => fourChars(get(p)))
      .join(""),
  );
  setText(
    "tpm-spec",
    `${fourChars(get(TPM_PT.FAMILY_INDICATOR))} level ${get(TPM_PT.LEVEL)}, revision ${(get(TPM_PT.REVISION) / 100).toFixed(2)}, ${get(TPM_PT.YEAR)} day ${get(TPM_PT.DAY_OF_YEAR)}`,
  );
  const algorithms = await readCapability(page, TPM_CAP.ALGS, 0);
  fillTable(
    "tpm-algorithms",
    algorithms.map((a) => [
      algIdName(a.alg as number) ?? `0x${(a.alg as number).toString(16)}`,
      tpmaAlgorithmLines(a.algProperties as number, 0)
        .map((l) => l.replace("TPMA_ALGORITHM: ", ""))
        .join(" "),
    ]),
  );
  setText("tpm-algorithm-count", String(algorithms.length));
  const commands = await readCapability(page, TPM_CAP.COMMANDS, 0);
  fillList(
    "tpm-commands",
    commands.map((c) => commandName(commandCodeOf(c as unknown as number))),
  );
  setText("tpm-command-count", String(commands.length));
}

/** Wires the panel's button. */
export function setUpTpmInfo(page: PageTpm): void {
  onClick("tpm-refresh", "tpm", () => showTpmInfo(page));
}
