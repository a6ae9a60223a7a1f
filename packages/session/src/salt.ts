/**
 * Salted sessions (TPM 2.0 Part 1, 19.6.13 "Salted Session", and Annex B.10.3 /
 * C.6.1 for the secret sharing): the caller makes a salt and sends it encrypted
 * to tpmKey as StartAuthSession's encryptedSalt.
 *
 * - RSA: salt = random (nameAlg digest size); encryptedSalt = RSA-OAEP(tpmKey,
 *   hash = tpmKey's nameAlg, label "SECRET\0").
 * - ECC: an ephemeral key pair on tpmKey's curve; Z = x-coordinate of ECDH;
 *   salt = KDFe(nameAlg, Z, "SECRET", ephemeral.x, tpmKey.x, digest bits);
 *   encryptedSalt = the marshalled TPMS_ECC_POINT of the ephemeral public key.
 */
import type { Crypto, RsaPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { concat, labelBytes, u16 } from "./bytes.js";
import { eccCoordinateSize } from "./ecc-curve.js";
import { hashSize } from "./hash-alg.js";
import { kdfE } from "./kdf/kdfe.js";

/** The public part of a StartAuthSession tpmKey, from its TPMT_PUBLIC. */
export type SaltKey =
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

/** A salt and the encryptedSalt (TPM2B_ENCRYPTED_SECRET buffer) that carries it. */
export interface Salt {
  readonly salt: Uint8Array;
  readonly encryptedSalt: Uint8Array;
}

/** The label of the salt secret, "SECRET" with its terminating zero. */
export const SECRET_LABEL = "SECRET";

/** A marshalled TPMS_ECC_POINT. */
export function marshalEccPoint(point: { x: Uint8Array; y: Uint8Array }): Uint8Array {
  return concat(u16(point.x.length), point.x, u16(point.y.length), point.y);
}

/** Makes a salt for a session salted with `tpmKey` and encrypts it to that key. */
export async function makeSalt(crypto: Crypto, tpmKey: SaltKey): Promise<Salt> {
  const h = hashSize(tpmKey.nameAlg);
  if ("rsa" in tpmKey) {
    const { n, e } = tpmKey.rsa;
    if (!(n instanceof Uint8Array) || n.length < 2 * h + 2 + h) {
      throw new TssError("BAD_PARAMETER", "tpmKey RSA modulus too small for an OAEP-encrypted salt");
    }
    const salt = crypto.randomBytes(h);
    const encryptedSalt = await crypto.rsaOaepEncrypt(
      { n, e: e === 0 ? 65537 : e },
      tpmKey.nameAlg,
      labelBytes(SECRET_LABEL),
      salt,
    );
    return { salt, encryptedSalt };
  }
  if ("ecc" in tpmKey) {
    const { curveID, x, y } = tpmKey.ecc;
    const size = eccCoordinateSize(curveID);
    if (x.length === 0 || y.length === 0 || x.length > size || y.length > size) {
      throw new TssError("BAD_PARAMETER", "tpmKey ECC point coordinates do not fit the curve");
    }
    const { z, ephemeral } = await crypto.ecdhEphemeral(curveID, { x, y });
    const salt = await kdfE(crypto, tpmKey.nameAlg, z, SECRET_LABEL, ephemeral.x, x, h * 8);
    return { salt, encryptedSalt: marshalEccPoint(ephemeral) };
  }
  throw new TssError("BAD_PARAMETER", "tpmKey must carry an RSA or an ECC public key");
}
