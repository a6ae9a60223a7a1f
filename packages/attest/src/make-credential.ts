/**
 * MakeCredential for a verifier (TPM 2.0 Part 1, 24 "Credential Protection";
 * Part 3, 12.6 TPM2_MakeCredential): a secret wrapped to an EK for the AK of a
 * given Name, which only TPM2_ActivateCredential on the TPM holding both
 * recovers. The work is @tss/session's makeCredential (the seed under the
 * label "IDENTITY": RSA-OAEP, or ECDH and KDFe; KDFa "STORAGE" and
 * "INTEGRITY"; AES-CFB and the outer HMAC); this module takes the verifier's
 * inputs and reports failures as AttestError.
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { makeCredential as wrapCredential } from "@tss/session";
import { AttestError } from "./attest-error.js";
import { objectNameOf } from "./object-name.js";
import { type PublicInput, readPublicArea } from "./structure-input.js";

/** What makeCredential wraps. Give akName, akPublic, or both (then both must match). */
export interface MakeCredentialInput {
  /** The EK's public area (an RSA or ECC restricted decryption key with AES-CFB). */
  readonly ekPublic: PublicInput;
  /** The AK's Name (nameAlg || H(TPMT_PUBLIC)), e.g. from a verified certification. */
  readonly akName?: Uint8Array;
  /** The AK's public area, whose Name is computed. */
  readonly akPublic?: PublicInput;
  /** The credential: at most the EK nameAlg's digest size (32 octets for SHA-256). */
  readonly secret: Uint8Array;
  /**
   * The Crypto contract of any plugin. Its randomBytes makes the seed (RSA EK)
   * and its ecdhEphemeral the ephemeral key (ECC EK): wrap a Crypto to make
   * them reproducible in a test.
   */
  readonly crypto: Crypto;
}

/** TPM2_ActivateCredential's two inputs, as TPM2B buffers (without their 2-octet sizes). */
export interface Credential {
  /** TPM2B_ID_OBJECT: the marshalled TPMS_ID_OBJECT (integrityHMAC, encIdentity). */
  readonly credentialBlob: Uint8Array;
  /** TPM2B_ENCRYPTED_SECRET: the seed encrypted to the EK (RSA-OAEP ciphertext or the ephemeral TPMS_ECC_POINT). */
  readonly secret: Uint8Array;
}

/**
 * Wraps `secret` to the EK for the AK named `akName` (or with public area
 * `akPublic`): TPM2_ActivateCredential(activateHandle = AK, keyHandle = EK)
 * on the TPM that holds both returns `secret`; any other AK fails there.
 * Throws AttestError: BAD_PARAMETER (no AK, a secret longer than the digest,
 * an EK that is not a storage key or is too small), UNSUPPORTED_ALGORITHM (a
 * symmetric algorithm other than AES-CFB, a curve the Crypto lacks), NO_CRYPTO.
 */
export async function makeCredential(input: MakeCredentialInput): Promise<Credential> {
  if (input === null || typeof input !== "object") {
    throw new AttestError("BAD_PARAMETER", "makeCredential needs { ekPublic, akName or akPublic, secret, crypto }");
  }
  const { crypto } = input;
  if (crypto === null || typeof crypto !== "object" || typeof crypto.hash !== "function") {
    throw new AttestError("NO_CRYPTO", "a Crypto (e.g. @tss/crypto-webcrypto's createWebCrypto()) is needed");
  }
  if (!(input.secret instanceof Uint8Array)) throw new AttestError("BAD_PARAMETER", "secret must be a Uint8Array");
  const ekPublic = readPublicArea(input.ekPublic, "ekPublic");
  let akName = input.akName;
  if (akName !== undefined && !(akName instanceof Uint8Array)) {
    throw new AttestError("BAD_PARAMETER", "akName must be a Uint8Array");
  }
  if (input.akPublic !== undefined) {
    const computed = await objectNameOf(crypto, input.akPublic);
    if (akName !== undefined && (akName.length !== computed.length || akName.some((v, i) => v !== computed[i]))) {
      throw new AttestError("NAME_MISMATCH", "akName is not the Name of akPublic");
    }
    akName = computed;
  }
  if (akName === undefined) throw new AttestError("BAD_PARAMETER", "makeCredential needs akName or akPublic");
  try {
    return await wrapCredential(crypto, ekPublic, akName, input.secret);
  } catch (e) {
    if (e instanceof TssError) {
      const code =
        e.code === "UNSUPPORTED" ? "UNSUPPORTED_ALGORITHM" : e.code === "NO_CRYPTO" ? "NO_CRYPTO" : "BAD_PARAMETER";
      throw new AttestError(code, `makeCredential: ${e.message}`, { cause: e });
    }
    throw new AttestError("UNSUPPORTED_ALGORITHM", `makeCredential: ${(e as Error)?.message ?? String(e)}`, {
      cause: e,
    });
  }
}
