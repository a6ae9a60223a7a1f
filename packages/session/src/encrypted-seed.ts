/**
 * Secret sharing with a TPM key (TPM 2.0 Part 1, Annex B.10.3 for RSA and C.6.1
 * for ECC): a seed the caller makes and sends encrypted to a loaded key, for
 * salted sessions (label "SECRET"), credentials (label "IDENTITY") and imported
 * objects (label "DUPLICATE").
 *
 * - RSA: seed = random (the key's nameAlg digest size); encryptedSeed =
 *   RSA-OAEP(key, hash = the key's nameAlg, label with its terminating zero).
 * - ECC: an ephemeral key pair on the key's curve; Z = the x-coordinate of ECDH;
 *   seed = KDFe(nameAlg, Z, label, ephemeral.x, key.x, digest bits);
 *   encryptedSeed = the marshalled TPMS_ECC_POINT of the ephemeral public key.
 */
import type { Crypto, RsaPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { concat, labelBytes, u16 } from "./bytes.js";
import { eccCoordinateSize } from "./ecc-curve.js";
import { hashSize } from "./hash-alg.js";
import { kdfE } from "./kdf/kdfe.js";
import { type PublicArea, publicKeyFromTpmPublic } from "./public-key.js";

/** The public part of the key a seed is encrypted to: its nameAlg and RSA or ECC public key. */
export type SeedKey =
  | {
      readonly nameAlg: number;
      /** TPMS_RSA_PARMS exponent (0 means 65537) and the unique modulus. */
      readonly rsa: RsaPublicKey;
    }
  | {
      readonly nameAlg: number;
      /** TPMS_ECC_PARMS curveID and the unique point, coordinates as in the public area. */
      readonly ecc: { readonly curveID: number; readonly x: Uint8Array; readonly y: Uint8Array };
    };

/** The SeedKey of a key's public area (TPMT_PUBLIC): its nameAlg and RSA or ECC public key. */
export function seedKeyOf(publicArea: PublicArea): SeedKey {
  return { nameAlg: publicArea.nameAlg, ...publicKeyFromTpmPublic(publicArea) } as SeedKey;
}

/** A seed and the TPM2B_ENCRYPTED_SECRET buffer that carries it to the key. */
export interface EncryptedSeed {
  readonly seed: Uint8Array;
  readonly encryptedSeed: Uint8Array;
}

/** A marshalled TPMS_ECC_POINT. */
export function marshalEccPoint(point: { x: Uint8Array; y: Uint8Array }): Uint8Array {
  return concat(u16(point.x.length), point.x, u16(point.y.length), point.y);
}

/**
 * Makes a seed of the key's nameAlg digest size and encrypts it to the key
 * under `label` ("SECRET", "IDENTITY", "DUPLICATE"). TssError BAD_PARAMETER for
 * a key that can carry no seed (RSA modulus too small for OAEP, ECC point off size).
 */
export async function makeEncryptedSeed(crypto: Crypto, key: SeedKey, label: string): Promise<EncryptedSeed> {
  const h = hashSize(key.nameAlg);
  if ("rsa" in key) {
    const { n, e } = key.rsa;
    if (!(n instanceof Uint8Array) || n.length < 2 * h + 2 + h) {
      throw new TssError("BAD_PARAMETER", "the key's RSA modulus is too small for an OAEP-encrypted seed");
    }
    const seed = crypto.randomBytes(h);
    const encryptedSeed = await crypto.rsaOaepEncrypt(
      { n, e: e === 0 ? 65537 : e },
      key.nameAlg,
      labelBytes(label),
      seed,
    );
    return { seed, encryptedSeed };
  }
  if ("ecc" in key) {
    const { curveID, x, y } = key.ecc;
    const size = eccCoordinateSize(curveID);
    if (x.length === 0 || y.length === 0 || x.length > size || y.length > size) {
      throw new TssError("BAD_PARAMETER", "the key's ECC point coordinates do not fit the curve");
    }
    const { z, ephemeral } = await crypto.ecdhEphemeral(curveID, { x, y });
    const seed = await kdfE(crypto, key.nameAlg, z, label, ephemeral.x, x, h * 8);
    return { seed, encryptedSeed: marshalEccPoint(ephemeral) };
  }
  throw new TssError("BAD_PARAMETER", "the key must carry an RSA or an ECC public key");
}
