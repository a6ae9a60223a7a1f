/**
 * KDFe: the SP800-56A concatenation KDF (TPM 2.0 Part 1, 11.4.10.3), used for
 * ECC salts and seeds.
 *
 *   K(i) = H([i]32 || Z || label || 0x00 || partyUInfo || partyVInfo)
 *
 * The label is hashed with its terminating zero octet, as the TPM reference does
 * with its "SECRET" and "DUPLICATE" labels. Output sizing as for KDFa.
 */
import type { Crypto } from "@tss/marshal";
import { concat, labelBytes, u32 } from "../bytes.js";
import { hashSize } from "../hash-alg.js";
import { checkKdfBits } from "./kdfa.js";

/** KDFe(hashAlg, Z, label, partyUInfo, partyVInfo, bits); `label` gets its terminating zero. */
export async function kdfE(
  crypto: Crypto,
  hashAlg: number,
  z: Uint8Array,
  label: string,
  partyUInfo: Uint8Array,
  partyVInfo: Uint8Array,
  bits: number,
): Promise<Uint8Array> {
  checkKdfBits(bits);
  const h = hashSize(hashAlg);
  const bytes = Math.ceil(bits / 8);
  const out = new Uint8Array(bytes);
  const otherInfo = concat(labelBytes(label), partyUInfo, partyVInfo);
  for (let counter = 1, at = 0; at < bytes; counter++, at += h) {
    const block = await crypto.hash(hashAlg, concat(u32(counter), z, otherInfo));
    out.set(block.subarray(0, Math.min(h, bytes - at)), at);
  }
  if (bits % 8 !== 0) out[0]! &= (1 << (bits % 8)) - 1;
  return out;
}
