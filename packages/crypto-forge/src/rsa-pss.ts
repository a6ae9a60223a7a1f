/**
 * RSASSA-PSS verification over a digest with the salt length recovered from
 * the encoding (RFC 8017, 8.1.2 and 9.1.2): node-forge's own PSS verifier
 * needs the salt length in advance, and signers use 0, 20, the digest's size
 * or the largest the key allows. The RSA public operation is node-forge's
 * (raw); the encoding is checked by @tss/marshal/plugin-support's
 * emsaPssVerify over this plugin's digests.
 */
import { emsaPssVerify } from "@tss/marshal/plugin-support";
import { fromBinary, toBinary } from "./binary.js";
import { digest } from "./digest.js";

/** What verifyPss needs of a node-forge RSA public key. */
interface RawRsaKey {
  readonly n: { bitLength(): number };
  encrypt(data: string, scheme: "RAW"): string;
}

/** True when `signature` is an RSASSA-PSS signature (MGF1 with the same hash, any salt length) of `mHash`. */
export function verifyPss(key: RawRsaKey, hashAlg: number, mHash: Uint8Array, signature: Uint8Array): boolean {
  const modBits = key.n.bitLength();
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false;
  let full: Uint8Array;
  try {
    full = fromBinary(key.encrypt(toBinary(signature), "RAW"));
  } catch {
    return false; // the signature is not below the modulus
  }
  return emsaPssVerify(full, modBits, mHash, (data) => digest(hashAlg, data));
}
