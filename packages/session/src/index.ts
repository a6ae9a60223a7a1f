/**
 * @tss/session: every TPM 2.0 session computation, written once on the Crypto
 * contract of @tss/marshal: KDFa/KDFe, Names, cpHash/rpHash, salts, session keys,
 * command and response HMACs, parameter encryption, audit digests.
 */
export { kdfA, KDF_MAX_BITS } from "./kdf/kdfa.js";
export { kdfE } from "./kdf/kdfe.js";
export { handleName, isOwnNameHandle, nvIndexName, objectName } from "./names.js";
export { cpHash, rpHash } from "./parameter-hash.js";
export { commandHmac, responseHmac } from "./session-hmac.js";
export { AES_BLOCK_SIZE, cfbKeyIv, cryptFirstParameter, type ParameterCipher, xorMask } from "./parameter-encryption.js";
export { extendAuditDigest, initialAuditDigest } from "./audit.js";
export {
  checkSessionState,
  deserializeSessionState,
  SESSION_STATE_MAGIC,
  SESSION_STATE_VERSION,
  serializeSessionState,
  type SessionState,
  type SessionSymmetric,
} from "./session-state.js";
export { eccCoordinateSize, makeSalt, marshalEccPoint, type Salt, type SaltKey, SECRET_LABEL } from "./salt.js";
export { sessionKey, startSession, type StartSessionInput } from "./start-session.js";
export { applyPolicyCommand } from "./policy-state.js";
export {
  type AuthorizeCommandInput,
  type AuthorizedCommand,
  authorizeCommand,
  isBoundTo,
  MAX_SESSION_NUM,
  type PendingAuthorization,
  type PendingSession,
  type SessionUse,
  sessionValue,
} from "./authorize-command.js";
export { type VerifiedResponse, type VerifyResponseInput, verifyResponse } from "./verify-response.js";
export { constantTimeEqual, trimAuthValue } from "./bytes.js";
export { hashSize } from "./hash-alg.js";
