/** The shape of signature-vectors.ts (hex strings). */

/** ECDSA signatures by one key. */
export interface EcdsaKeyVector {
  readonly curveID: number;
  readonly x: string;
  readonly y: string;
  /** r and s as minimal octets (not padded to the curve's size). */
  readonly signatures: readonly { hashAlg: number; digest: string; r: string; s: string }[];
}

/** RSASSA-PSS signatures by one key, MGF1 with the message hash. */
export interface RsaPssKeyVector {
  readonly bits: number;
  readonly n: string;
  readonly e: number;
  readonly signatures: readonly { hashAlg: number; saltLength: number; digest: string; signature: string }[];
}

/** Every signature vector. */
export interface SignatureVectors {
  readonly ecdsa: readonly EcdsaKeyVector[];
  readonly rsaPss: readonly RsaPssKeyVector[];
}
