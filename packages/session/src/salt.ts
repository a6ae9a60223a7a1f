/**
 * Salted sessions (TPM 2.0 Part 1, 19.6.13 "Salted Session", and Annex B.10.3 /
 * C.6.1 for the secret sharing): the caller makes a salt and sends it encrypted
 * to tpmKey as StartAuthSession's encryptedSalt, with the label "SECRET"
 * (makeEncryptedSeed: RSA-OAEP, or ECDH and KDFe).
 */
import type { Crypto } from "@tss/marshal";
import { makeEncryptedSeed, type SeedKey } from "./encrypted-seed.js";

export { marshalEccPoint } from "./encrypted-seed.js";

/** The public part of a StartAuthSession tpmKey, from its TPMT_PUBLIC. */
export type SaltKey = SeedKey;

/** A salt and the encryptedSalt (TPM2B_ENCRYPTED_SECRET buffer) that carries it. */
export interface Salt {
  readonly salt: Uint8Array;
  readonly encryptedSalt: Uint8Array;
}

/** The label of the salt secret, "SECRET" with its terminating zero. */
export const SECRET_LABEL = "SECRET";

/** Makes a salt for a session salted with `tpmKey` and encrypts it to that key. */
export async function makeSalt(crypto: Crypto, tpmKey: SaltKey): Promise<Salt> {
  const { seed, encryptedSeed } = await makeEncryptedSeed(crypto, tpmKey, SECRET_LABEL);
  return { salt: seed, encryptedSalt: encryptedSeed };
}
