/**
 * Which keys a verifier trusts to sign attestations. TPM_GENERATED_VALUE at the
 * start of a TPMS_ATTEST proves TPM origin only when the signer is a
 * restricted signing key: the TPM signs nothing that starts with the magic
 * with such a key unless it made the structure itself (TPM 2.0 Part 1,
 * restricted signing keys); an unrestricted key signs any digest. fixedTPM says the private key was made in a TPM and never
 * leaves it (an imported key, whose private part someone had, has fixedTPM
 * CLEAR). An AK has both, and is not a decryption key.
 */
import { TPMA_OBJECT } from "@tss/marshal";
import type { PublicArea } from "@tss/session";
import { AttestError } from "./attest-error.js";

/** The objectAttributes an attestation signer (an AK) must have SET. */
export const AK_REQUIRED_ATTRIBUTES: number = TPMA_OBJECT.restricted | TPMA_OBJECT.sign | TPMA_OBJECT.fixedTPM;

/**
 * Checks that a signer's public area is an AK: restricted, sign and fixedTPM
 * SET, decrypt CLEAR. AttestError BAD_SIGNER otherwise, naming what is wrong.
 */
export function checkAttestationSigner(publicArea: PublicArea, what = "the signer"): void {
  const attributes = Number(publicArea?.objectAttributes);
  const missing = Object.entries({
    restricted: TPMA_OBJECT.restricted,
    sign: TPMA_OBJECT.sign,
    fixedTPM: TPMA_OBJECT.fixedTPM,
  })
    .filter(([, bit]) => (attributes & bit) === 0)
    .map(([name]) => name);
  if (missing.length > 0 || (attributes & TPMA_OBJECT.decrypt) !== 0) {
    const why = [
      ...(missing.length > 0 ? [`${missing.join(", ")} CLEAR`] : []),
      ...((attributes & TPMA_OBJECT.decrypt) !== 0 ? ["decrypt SET"] : []),
    ].join(", ");
    throw new AttestError(
      "BAD_SIGNER",
      `${what} is not an attestation key (${why}): its signature does not prove the TPM made the structure`,
    );
  }
}
