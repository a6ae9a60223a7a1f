/**
 * MakeCredential in software (TPM 2.0 Part 1, 24 "Credential Protection", and
 * Part 3, 12.6 TPM2_MakeCredential): a credential wrapped to a key (typically
 * an EK) for an object of a given Name, which only TPM2_ActivateCredential on
 * the TPM holding both can recover.
 *
 * With the key's nameAlg H and symmetric definition (AES-CFB, keyBits):
 *   seed      = random, shared with the key under the label "IDENTITY" (makeEncryptedSeed)
 *   symKey    = KDFa(H, seed, "STORAGE", objectName, empty, keyBits)
 *   encIdentity = AES-CFB(symKey, IV = 0, TPM2B_DIGEST(credential))
 *   hmacKey   = KDFa(H, seed, "INTEGRITY", empty, empty, 8 * digest size)
 *   integrity = HMAC(H, hmacKey, encIdentity || objectName)
 *   credentialBlob = TPMS_ID_OBJECT { TPM2B_DIGEST(integrity), encIdentity }
 *   secret    = the encrypted seed (TPM2B_ENCRYPTED_SECRET)
 */
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { concat, u16 } from "./bytes.js";
import { makeEncryptedSeed, seedKeyOf } from "./encrypted-seed.js";
import { hashSize } from "./hash-alg.js";
import { checkBytes, outerWrap } from "./outer-wrapper.js";
import type { PublicArea } from "./public-key.js";

/** The label of a credential's seed, "IDENTITY" with its terminating zero. */
export const IDENTITY_LABEL = "IDENTITY";

/** What wraps a credential once the seed is chosen: the key's nameAlg and AES key size. */
export interface CredentialProtector {
  /** The wrapping key's nameAlg (KDFa and HMAC hash). */
  readonly nameAlg: number;
  /** The wrapping key's symmetric keyBits (AES, CFB mode). */
  readonly symmetricKeyBits: number;
}

/** A wrapped credential: the two ActivateCredential parameters. */
export interface MadeCredential {
  /** The TPM2B_ID_OBJECT buffer: a marshalled TPMS_ID_OBJECT. */
  readonly credentialBlob: Uint8Array;
  /** The TPM2B_ENCRYPTED_SECRET buffer: the seed encrypted to the key. */
  readonly secret: Uint8Array;
}

/**
 * The credential protection of a key's public area: its nameAlg and an AES-CFB
 * symmetric definition (a restricted decryption key, such as an EK). TssError
 * BAD_PARAMETER otherwise, UNSUPPORTED for a symmetric algorithm other than AES-CFB.
 */
export function credentialProtector(keyPublic: PublicArea): CredentialProtector {
  const parameters = keyPublic?.parameters as
    | { rsaDetail?: { symmetric: SymDef }; eccDetail?: { symmetric: SymDef } }
    | undefined;
  const symmetric = parameters?.rsaDetail?.symmetric ?? parameters?.eccDetail?.symmetric;
  if (!symmetric || symmetric.algorithm === TPM_ALG_ID.NULL) {
    throw new TssError("BAD_PARAMETER", "the key has no symmetric algorithm: not a storage key (restricted decrypt)");
  }
  const keyBits = (symmetric.keyBits as { aes?: number }).aes;
  const mode = (symmetric.mode as { aes?: number }).aes;
  if (symmetric.algorithm !== TPM_ALG_ID.AES || mode !== TPM_ALG_ID.CFB || keyBits === undefined) {
    throw new TssError(
      "UNSUPPORTED",
      `credential protection with symmetric algorithm 0x${symmetric.algorithm.toString(16)} (AES-CFB only)`,
    );
  }
  return { nameAlg: keyPublic.nameAlg, symmetricKeyBits: keyBits };
}

interface SymDef {
  readonly algorithm: number;
  readonly keyBits: unknown;
  readonly mode: unknown;
}

/**
 * The credentialBlob (a marshalled TPMS_ID_OBJECT) for a chosen seed:
 * deterministic, so it has known answers. `credential` is at most the
 * nameAlg's digest size (a TPM2B_DIGEST).
 */
export async function credentialBlob(
  crypto: Crypto,
  protector: CredentialProtector,
  seed: Uint8Array,
  objectName: Uint8Array,
  credential: Uint8Array,
): Promise<Uint8Array> {
  checkBytes(seed, "seed");
  checkBytes(objectName, "objectName");
  checkBytes(credential, "credential");
  const h = hashSize(protector.nameAlg);
  if (credential.length > h) {
    throw new TssError("BAD_PARAMETER", `a credential of ${credential.length} octets (at most the ${h}-octet digest)`);
  }
  // The credential is a TPM2B_DIGEST under the outer wrapper (Part 1, 24.4).
  return outerWrap(crypto, protector, seed, objectName, concat(u16(credential.length), credential));
}

/**
 * MakeCredential without a TPM: wraps `credential` to the key whose public
 * area is `keyPublic` (an EK or other restricted decryption key, RSA or ECC)
 * for the object named `objectName`. TPM2_ActivateCredential on the TPM that
 * holds the key and the object returns `credential`.
 */
export async function makeCredential(
  crypto: Crypto,
  keyPublic: PublicArea,
  objectName: Uint8Array,
  credential: Uint8Array,
): Promise<MadeCredential> {
  const protector = credentialProtector(keyPublic);
  const { seed, encryptedSeed } = await makeEncryptedSeed(crypto, seedKeyOf(keyPublic), IDENTITY_LABEL);
  return {
    credentialBlob: await credentialBlob(crypto, protector, seed, objectName, credential),
    secret: encryptedSeed,
  };
}
