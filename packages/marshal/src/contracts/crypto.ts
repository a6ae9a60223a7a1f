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

/** A public key on a TPM_ECC_CURVE: the curve and the point, coordinates big-endian, each the curve's size. */
export interface EccPublicKey {
  readonly curveID: number;
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/**
 * A public key in neutral form, neither TPM nor X.509: an RSA modulus and
 * exponent, or a point on a TPM_ECC_CURVE. @tss/session maps it to and from a
 * TPMT_PUBLIC; a Crypto's exportSpki/importSpki map it to and from DER.
 */
export type NeutralPublicKey = { readonly rsa: RsaPublicKey } | { readonly ecc: EccPublicKey };

/** A signature scheme for verification. */
export type SignatureScheme =
  | { readonly scheme: "RSASSA"; readonly hashAlg: HashAlgorithm }
  | { readonly scheme: "RSAPSS"; readonly hashAlg: HashAlgorithm }
  | { readonly scheme: "ECDSA"; readonly hashAlg: HashAlgorithm };

/**
 * The per-command primitives of a Crypto answered in the calling thread, for a
 * plugin that computes them there (OpenSSL through node:crypto, forge's
 * JavaScript): the same results as the Crypto's members of the same names, and
 * the same errors, thrown instead of rejected. @tss/session runs a command's
 * session work (cpHash, rpHash, HMACs, KDFa, parameter encryption, audit) on it
 * without a promise per step when a Crypto has one.
 */
export interface SyncCrypto {
  /** As Crypto.hash. */
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  /** As Crypto.hmac. */
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** As Crypto.aesCfb. */
  aesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

/** Crypto primitives for the session engine and the utilities. */
export interface Crypto {
  /**
   * hash, hmac and aesCfb answered synchronously (see SyncCrypto). Optional: a
   * plugin whose primitives are asynchronous (WebCrypto) leaves it out.
   */
  readonly sync?: SyncCrypto;
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
  verifyEcdsa?(
    curve: number,
    pub: EccPoint,
    digest: Uint8Array,
    signature: { r: Uint8Array; s: Uint8Array },
  ): Promise<boolean>;
  /** AES-GCM sealing for session-state stores: returns ciphertext || tag. Optional. */
  aesGcmEncrypt?(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
  /** AES-GCM opening; rejects on a bad tag. Optional. */
  aesGcmDecrypt?(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
  /**
   * The X.509 SubjectPublicKeyInfo (RFC 5280, 4.1) of a public key, in DER. Optional.
   * RSA (RFC 3279, 2.3.1): rsaEncryption with NULL parameters; moduli of 1024 to
   * 16384 bits (leading zero octets ignored), e an odd UINT32 of at least 3 or 0
   * for 65537. ECC (RFC 5480): id-ecPublicKey with the namedCurve of NIST P-256,
   * P-384 or P-521 and the uncompressed point; shorter coordinates are
   * left-padded, a point off the curve is refused. Rejects with TssError:
   * "UNSUPPORTED" for other curves, "BAD_PARAMETER" for a bad key.
   */
  exportSpki?(key: NeutralPublicKey): Promise<Uint8Array>;
  /**
   * The public key in a DER SubjectPublicKeyInfo, the inverse of exportSpki: n
   * without leading zero octets, coordinates of the curve's size. Optional.
   * Accepts exactly the DER that exportSpki makes; rejects with TssError:
   * "UNSUPPORTED" for other algorithms (RSA-PSS, Ed25519, ...), other curves,
   * explicit curve parameters, compressed points and exponents beyond UINT32;
   * "BAD_PARAMETER" for anything not DER (trailing bytes, BER lengths, ...) and
   * for points off the curve.
   */
  importSpki?(der: Uint8Array): Promise<NeutralPublicKey>;
}
