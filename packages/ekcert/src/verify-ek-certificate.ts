/**
 * EK certificate verification: the certificate's key is the EK's, and the
 * certificate chains to a manufacturer root.
 */
import type { Crypto } from "@tss/marshal";
import { toCertificate } from "./certificate-pem.js";
import { EkCertError } from "./ek-error.js";
import { certificateMatchesEk } from "./ek-key-match.js";
import type { PublicArea } from "./public-area.js";
import {
  type CertificateInput,
  type VerifiedChain,
  type VerifyChainOptions,
  verifyCertificateChain,
} from "./verify-chain.js";
import type { Certificate } from "./x509-certificate.js";

/** Options of verifyEkCertificate: the chain options, and the EK public area to match. */
export interface VerifyEkCertificateOptions extends VerifyChainOptions {
  /** The EK's public area (createEk's publicArea, or TPM2_ReadPublic's): the certificate must certify this key. */
  readonly ekPublic?: PublicArea;
}

/** What verifyEkCertificate returns: the parsed certificate and its verified chain. */
export interface VerifiedEkCertificate extends VerifiedChain {
  readonly certificate: Certificate;
}

/**
 * Verifies an EK certificate: when `ekPublic` is given, its subject public key
 * must be the EK's (else EkCertError KEY_MISMATCH); then the chain to `roots`
 * (verifyCertificateChain).
 */
export async function verifyEkCertificate(
  crypto: Crypto | undefined,
  certificate: CertificateInput,
  options: VerifyEkCertificateOptions,
): Promise<VerifiedEkCertificate> {
  const cert = toCertificate(certificate);
  if (options?.ekPublic !== undefined && !certificateMatchesEk(cert, options.ekPublic)) {
    throw new EkCertError("KEY_MISMATCH", "the certificate's public key is not the EK's");
  }
  const chain = await verifyCertificateChain(crypto, cert, options);
  return { certificate: cert, ...chain };
}
