/**
 * @tss/ekcert: TPM 2.0 endorsement keys. The TCG EK Credential Profile's
 * templates and NV indexes, EK certificates read from NV, createEk, X.509
 * parsing and path building on the Crypto contract, the TPM identity and
 * authority information of EK certificates, intermediates fetched by AIA, and
 * the Intel PTT EK certificate URL. Browser-safe: Uint8Array only, no node: modules.
 */

export { type AuthorityInfo, authorityInfo } from "./authority-info.js";
export {
  certificateDer,
  distinguishedNameDer,
  ecdsaSignatureDer,
  extensionDer,
  keyUsageExtension,
  type NameEntry,
  parseKeyUsage,
  signatureAlgorithmDer,
  type TbsCertificateInput,
  TPMA_OBJECT_EXTENSION_OID,
  tbsCertificateDer,
  tpmaObjectExtension,
} from "./certificate-builder.js";
export {
  derToPemCertificate,
  loadRootCertificates,
  PEM_CERTIFICATE_LABEL,
  pemToDerCertificates,
  toCertificate,
} from "./certificate-pem.js";
export {
  applyEkNonce,
  type CreatedEk,
  type CreateEkOptions,
  createEk,
  parseEkTemplate,
  resolveEkTemplate,
} from "./create-ek.js";
export { DER, type DerElement, DerReader } from "./der.js";
export {
  derBitString,
  derBoolean,
  derElement,
  derExplicit,
  derInteger,
  derNamedBits,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derString,
  derTimeOf,
} from "./der-writer.js";
export { type EkCertificateInput, ekCertificateTbs, subjectPublicKeyInfoDer } from "./ek-certificate.js";
export { EkCertError, type EkCertErrorCode, type EkCertErrorOptions } from "./ek-error.js";
export { certificateMatchesEk, ekPublicKey, samePublicKey } from "./ek-key-match.js";
export * from "./ek-nv-indexes.js";
export * from "./ek-policies.js";
export {
  EK_ALGORITHMS,
  EK_HIGH_ATTRIBUTES,
  EK_LOW_ATTRIBUTES,
  type EkAlgorithm,
  type EkProfile,
  ekProfile,
  ekTemplate,
} from "./ek-templates.js";
export type { EkCallOptions, EkSessionSpec, EkTpm } from "./ek-tpm.js";
export { extendedKeyUsage, isEkCertificate } from "./ek-usage.js";
export {
  certificatesInReply,
  type FetchAbortSignal,
  type FetchBodyStream,
  type FetchedIntermediates,
  type FetchFailure,
  type FetchFunction,
  type FetchIntermediatesOptions,
  type FetchResponse,
  fetchIntermediates,
} from "./fetch-intermediates.js";
export {
  decodeIntelEkCertificateReply,
  type FetchIntelEkCertificateOptions,
  fetchIntelEkCertificate,
  type IntelEkCertificate,
} from "./intel-ptt-fetch.js";
export { INTEL_EK_CERT_SERVICE, intelEkCertificateUrl, intelUrlBase64 } from "./intel-ptt-url.js";
export {
  type AuthorityKeyIdentifier,
  parseAuthorityKeyIdentifier,
  parseSubjectKeyIdentifier,
} from "./key-identifiers.js";
export {
  DEFAULT_NV_BUFFER_MAX,
  nvBufferMax,
  nvIndexDefined,
  nvPublic,
  type ReadNvOptions,
  readNvIndex,
} from "./nv-read.js";
export {
  type AddedToCertificate,
  certifyX509Certificate,
  type PartialCertificateInput,
  parseAddedToCertificate,
  partialCertificateDer,
} from "./partial-certificate.js";
export { pkcs7Certificates, SIGNED_DATA_OID } from "./pkcs7-certificates.js";
export type { PublicArea } from "./public-area.js";
export { readEkCertificate, trimDer } from "./read-ek-certificate.js";
export { TCG_VENDOR_IDS, tcgVendorName, vendorIdText } from "./tcg-vendor-ids.js";
export {
  type TpmIdentity,
  type TpmManufacturer,
  type TpmSpecification,
  tpmIdentity,
} from "./tpm-identity.js";
export {
  type CertificateInput,
  issuerCandidates,
  type VerifiedChain,
  type VerifyChainOptions,
  verifyCertificateChain,
  verifyCertificateSignature,
} from "./verify-chain.js";
export {
  type VerifiedEkCertificate,
  type VerifyEkCertificateOptions,
  verifyEkCertificate,
} from "./verify-ek-certificate.js";
export {
  type Certificate,
  type CertificateExtension,
  type CertificateSignatureAlgorithm,
  type DistinguishedName,
  KEY_USAGE,
  OID,
  parseCertificate,
} from "./x509-certificate.js";
