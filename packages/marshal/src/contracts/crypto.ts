/**
 * The crypto contract: primitives only. All TPM key derivation (KDFa, KDFe, the
 * XOR mask, CFB keys, cpHash and rpHash, salts, Names) lives in @tss/session on
 * top of these; a crypto plugin only supplies them.
 */

/** A TPM_ALG_ID value naming a hash. */
export type HashAlgorithm = number;

/** An RSA public key: modulus and public exponent. */
export interface RsaPublicKey {
  readonly n: Uint8Array;
  readonly e: number;
}

/** A point on a NIST curve, coordinates big-endian, each the curve's size. */
export interface EccPoint {
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/** A signature scheme for verification. */
export type SignatureScheme =
  | { readonly scheme: "RSASSA"; readonly hashAlg: HashAlgorithm }
  | { readonly scheme: "RSAPSS"; readonly hashAlg: HashAlgorithm }
  | { readonly scheme: "ECDSA"; readonly hashAlg: HashAlgorithm };

/** Crypto primitives for the session engine and the utilities. */
export interface Crypto {
  /** `n` cryptographically random bytes. */
  randomBytes(n: number): Uint8Array;
  /** Digest of `data` with a TPM hash algorithm (SHA-1, SHA-256, SHA-384, SHA-512). */
  hash(alg: HashAlgorithm, data: Uint8Array): Promise<Uint8Array>;
  /** HMAC of `data` under `key`. */
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** AES in CFB-128 mode (key of 16, 24 or 32 bytes, 16-byte IV), no padding. */
  aesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** RSA-OAEP encryption under `pub` with `hashAlg` for both OAEP hash and MGF1, and `label`. */
  rsaOaepEncrypt(pub: RsaPublicKey, hashAlg: HashAlgorithm, label: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /**
   * An ephemeral ECDH on a TPM_ECC_CURVE: returns Z's x-coordinate (the curve's
   * size) and the ephemeral public point.
   */
  ecdhEphemeral(curve: number, peer: EccPoint): Promise<{ z: Uint8Array; ephemeral: EccPoint }>;
  /** Verifies a signature over a digest with an RSA public key. Optional. */
  verifyRsa?(pub: RsaPublicKey, scheme: SignatureScheme, digest: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** Verifies an ECDSA signature (r, s) over a digest on a TPM_ECC_CURVE. Optional. */
  verifyEcdsa?(curve: number, pub: EccPoint, digest: Uint8Array, signature: { r: Uint8Array; s: Uint8Array }): Promise<boolean>;
  /** AES-GCM sealing for session-state stores: returns ciphertext || tag. Optional. */
  aesGcmEncrypt?(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
  /** AES-GCM opening; rejects on a bad tag. Optional. */
  aesGcmDecrypt?(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
}
