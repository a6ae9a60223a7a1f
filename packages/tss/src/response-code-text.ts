import type { TpmErrorLocation } from "@tss/marshal";

/** A response code as text, with the handle, parameter or session it names. */
export function describeResponseCode(rc: number): { text: string; location: TpmErrorLocation } {
  const hex = `0x${rc.toString(16).padStart(3, "0")}`;
  if (rc & 0x80) {
    const n = (rc >> 8) & 0x7;
    const location: TpmErrorLocation = rc & 0x40 ? { parameter: (rc >> 8) & 0xf } : rc & 0x800 ? { session: n } : n ? { handle: n } : {};
    return { text: `TPM_RC ${hex}`, location };
  }
  return { text: `TPM_RC ${hex}`, location: {} };
}
