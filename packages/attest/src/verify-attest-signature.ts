/**
 * The signature over an attestation (TPM 2.0 Part 3, 18 "Attestation
 * Commands"): the TPM signs the digest of the TPMS_ATTEST octets with the hash
 * of the signing scheme. Checked here in software with the signer's public area
 * through @tss/session's verifyTpmSignature: RSASSA, RSAPSS and ECDSA.
 */
import type { Crypto } from "@tss/marshal";
import { digestSize, TPM_ALG_ID, TssError } from "@tss/marshal";
import { type PublicArea, publicKeyFromTpmPublic, type TpmSignature, verifyTpmSignature } from "@tss/session";
import { AttestError } from "./attest-error.js";

const SCHEMES: Readonly<Record<number, "rsassa" | "rsapss" | "ecdsa">> = {
  [TPM_ALG_ID.RSASSA]: "rsassa",
  [TPM_ALG_ID.RSAPSS]: "rsapss",
  [TPM_ALG_ID.ECDSA]: "ecdsa",
};

function hex16(v: number): string {
  return `0x${Number(v).toString(16).padStart(4, "0")}`;
}

/** The crypto given, checked to have what signature verification needs. */
export function needCrypto(crypto: Crypto | undefined): Crypto {
  if (crypto === null || typeof crypto !== "object" || typeof crypto.hash !== "function") {
    throw new AttestError("NO_CRYPTO", "a Crypto (e.g. @tss/crypto-webcrypto's createWebCrypto()) is needed");
  }
  return crypto;
}

/**
 * The hash algorithm of a signature's scheme (the hash the TPM digested the
 * attestation with). AttestError UNSUPPORTED_ALGORITHM for a scheme other
 * than RSASSA, RSAPSS and ECDSA, or a hash the TPM does not define.
 */
export function signatureHashAlg(signature: TpmSignature): number {
  const member = SCHEMES[signature.sigAlg];
  if (!member) {
    throw new AttestError(
      "UNSUPPORTED_ALGORITHM",
      `signature scheme ${hex16(signature.sigAlg)} (RSASSA, RSAPSS and ECDSA are verified)`,
    );
  }
  const hash = (signature.signature as Record<string, { hash?: number } | undefined>)[member]?.hash;
  if (typeof hash !== "number") throw new AttestError("MALFORMED", `the ${member} signature has no hash algorithm`);
  if (digestSize(hash) === 0) throw new AttestError("UNSUPPORTED_ALGORITHM", `signature hash ${hex16(hash)}`);
  return hash;
}

function fromTssError(e: unknown, context: string): never {
  if (e instanceof AttestError) throw e;
  if (e instanceof TssError) {
    if (e.code === "UNSUPPORTED") {
      const code = /has no verify/.test(e.message) ? "NO_CRYPTO" : "UNSUPPORTED_ALGORITHM";
      throw new AttestError(code, `${context}: ${e.message}`, { cause: e });
    }
    if (e.code === "NO_CRYPTO") throw new AttestError("NO_CRYPTO", `${context}: ${e.message}`, { cause: e });
  }
  throw new AttestError("BAD_SIGNATURE", `${context}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/**
 * Checks that `signature` signs the attestation octets `signed` under the
 * key of `signerPublic`; returns the scheme's hash algorithm. AttestError
 * BAD_SIGNATURE when it does not verify or does not fit the key (an ECDSA
 * signature for an RSA key, ...), UNSUPPORTED_ALGORITHM for schemes, hashes,
 * curves and key types not handled, NO_CRYPTO when `crypto` cannot verify,
 * BAD_PARAMETER for a public area without a usable key.
 */
export async function verifyAttestSignature(
  crypto: Crypto,
  signed: Uint8Array,
  signature: TpmSignature,
  signerPublic: PublicArea,
): Promise<number> {
  const hashAlg = signatureHashAlg(signature);
  let key: ReturnType<typeof publicKeyFromTpmPublic>;
  try {
    key = publicKeyFromTpmPublic(signerPublic);
  } catch (e) {
    if (e instanceof TssError && e.code === "UNSUPPORTED") {
      throw new AttestError("UNSUPPORTED_ALGORITHM", `the signer's public area: ${e.message}`, { cause: e });
    }
    throw new AttestError("BAD_PARAMETER", `the signer's public area: ${(e as Error).message}`, { cause: e });
  }
  let digest: Uint8Array;
  try {
    digest = await crypto.hash(hashAlg as never, signed);
  } catch (e) {
    throw new AttestError("UNSUPPORTED_ALGORITHM", `hash ${hex16(hashAlg)}: ${(e as Error).message}`, { cause: e });
  }
  let valid: boolean;
  try {
    valid = await verifyTpmSignature(crypto, key, digest, signature);
  } catch (e) {
    fromTssError(e, "the signature does not verify");
  }
  if (!valid) throw new AttestError("BAD_SIGNATURE", "the signature does not verify with the signer's public key");
  return hashAlg;
}
