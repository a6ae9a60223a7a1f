/**
 * @tss/session: every TPM 2.0 session computation, written once on the Crypto
 * contract of @tss/marshal: KDFa/KDFe, Names, cpHash/rpHash, salts, session keys,
 * command and response HMACs, parameter encryption, audit digests; and public
 * keys between TPMT_PUBLIC, neutral form, SubjectPublicKeyInfo and PEM.
 */

export { extendAuditDigest, initialAuditDigest } from "./audit.js";
export {
  type AuthorizeCommandInput,
  type AuthorizedCommand,
  authorizeCommand,
  authorizeCommandSteps,
  isBoundTo,
  MAX_SESSION_NUM,
  type PendingAuthorization,
  type PendingSession,
  type SessionUse,
  sessionValue,
} from "./authorize-command.js";
export { bindEntityAuthChanged } from "./bind-entity.js";
export { constantTimeEqual, trimAuthValue } from "./bytes.js";
export {
  type CredentialProtector,
  credentialBlob,
  credentialProtector,
  IDENTITY_LABEL,
  type MadeCredential,
  makeCredential,
} from "./credential.js";
export {
  DUPLICATE_LABEL,
  type DuplicationWrappers,
  duplicateObject,
  duplicationBlob,
  innerWrapperAlgorithm,
  type OuterWrapper,
  openDuplicationBlob,
  type SoftwareDuplicate,
} from "./duplication.js";
export { eccCoordinateSize } from "./ecc-curve.js";
export { type EncryptedSeed, makeEncryptedSeed, type SeedKey, seedKeyOf } from "./encrypted-seed.js";
export { hashSize } from "./hash-alg.js";
export { KDF_MAX_BITS, kdfA } from "./kdf/kdfa.js";
export { kdfE } from "./kdf/kdfe.js";
export { handleName, isOwnNameHandle, nvIndexName, objectName } from "./names.js";
export {
  AES_BLOCK_SIZE,
  cfbKeyIv,
  cryptFirstParameter,
  type ParameterCipher,
  xorMask,
} from "./parameter-encryption.js";
export { cpHash, rpHash } from "./parameter-hash.js";
export {
  derToPem,
  PEM_PUBLIC_KEY_LABEL,
  type PemBlock,
  pemToSpki,
  pemToTpmPublic,
  readPemBlock,
  spkiToPem,
  tpmPublicToPem,
} from "./pem.js";
export { type PolicySignedTerms, policySignedAHash } from "./policy-signed-ahash.js";
export { applyPolicyCommand } from "./policy-state.js";
export {
  PRIVATE_KEY_PEM_LABELS,
  privateKeyFromDer,
  privateKeyFromPem,
  publicKeyOfPrivateKey,
  type SensitiveArea,
  type SoftwarePrivateKey,
  sensitiveFromPrivateKey,
  tpmPublicFromPrivateKey,
} from "./private-key.js";
export {
  EXTERNAL_KEY_ATTRIBUTES,
  type PublicArea,
  type PublicKeyTemplate,
  publicKeyFromTpmPublic,
  spkiToTpmPublic,
  tpmPublicFromPublicKey,
  tpmPublicToSpki,
} from "./public-key.js";
export { pkcs1SignaturePad, rsassaSign } from "./rsassa-sign.js";
export { makeSalt, marshalEccPoint, type Salt, type SaltKey, SECRET_LABEL } from "./salt.js";
export { commandHmac, responseHmac } from "./session-hmac.js";
export {
  checkSessionState,
  deserializeSessionState,
  SESSION_STATE_MAGIC,
  SESSION_STATE_VERSION,
  type SessionState,
  type SessionSymmetric,
  serializeSessionState,
} from "./session-state.js";
export { type SignatureKey, type TpmSignature, verifyTpmSignature } from "./signature-check.js";
export { type StartSessionInput, sessionKey, startSession } from "./start-session.js";
export { type MaybePromise, runSteps, type Steps } from "./steps.js";
export {
  type VerifiedResponse,
  type VerifyResponseInput,
  verifyResponse,
  verifyResponseSteps,
} from "./verify-response.js";
