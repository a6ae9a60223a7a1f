/** TPMS_PCR_SELECTION bitmaps (Part 2, 10.6.2): three octets select PCRs 0-23, bit n of octet n/8. */

/** The pcrSelect octets selecting one PCR (at least three octets, as PC Client TPMs expect). */
export function pcrSelect(pcr: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(3, (pcr >> 3) + 1));
  bytes[pcr >> 3] = 1 << (pcr & 7);
  return bytes;
}
