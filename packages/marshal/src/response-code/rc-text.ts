import type { TPM_RC } from "../constants/tpm-rc.js";

/** A TPM_RC key that names a response code (not a marker or a format-one field value). */
export type RcName = Exclude<
  keyof typeof TPM_RC,
  | "RC_VER1"
  | "RC_FMT1"
  | "RC_WARN"
  | "RC_MAX_FM0"
  | "H"
  | "P"
  | "S"
  | "1"
  | "2"
  | "3"
  | "4"
  | "5"
  | "6"
  | "7"
  | "8"
  | "9"
  | "A"
  | "B"
  | "C"
  | "D"
  | "E"
  | "F"
  | "N_MASK"
>;

/**
 * What each response code means, in this package's words (after Part 2, 6.6). For a
 * format-one code the text describes the fault; the handle, parameter or session it
 * concerns is decoded separately.
 */
export const TPM_RC_TEXT: { readonly [K in RcName]: string } = {
  SUCCESS: "the command completed",
  BAD_TAG: "the command's tag is not a TPM 2.0 tag (this is the TPM 1.2 bad-tag code, sent for compatibility)",

  INITIALIZE: "the TPM has not been started with TPM2_Startup, or TPM2_Startup was sent a second time",
  FAILURE: "the TPM is in failure mode and accepts only TPM2_GetTestResult and TPM2_GetCapability",
  SEQUENCE: "a sequence handle was used wrongly (for example a hash sequence given to an HMAC sequence command)",
  PRIVATE: "reserved code, not used by current TPMs",
  HMAC: "reserved code, not used by current TPMs",
  DISABLED: "the command has been disabled",
  EXCLUSIVE: "the command failed because the audit session was required to be exclusive and is not",
  AUTH_TYPE: "the kind of authorization given does not suit the handle of this command",
  AUTH_MISSING: "the command needs an authorization session for a handle and none was provided",
  POLICY: "a policy computation failed or the authPolicy value is not valid",
  PCR: "the PCR check failed",
  PCR_CHANGED: "PCR values changed after the policy session checked them",
  UPGRADE: "the TPM is in field upgrade mode (or, for TPM2_FieldUpgradeData, it is not), so the command cannot run",
  TOO_MANY_CONTEXTS: "the context counter has reached its maximum, no more contexts can be saved",
  AUTH_UNAVAILABLE: "the authValue or authPolicy needed for this role of the entity is not available",
  REBOOT: "the TPM needs a _TPM_Init and TPM2_Startup(CLEAR) before it can continue",
  UNBALANCED:
    "the session's hash and symmetric algorithms are not balanced: the digest must be at least as large as the symmetric key",
  COMMAND_SIZE: "commandSize does not match the number of bytes received, or is too small to hold a command header",
  COMMAND_CODE: "the TPM does not implement this command code",
  AUTHSIZE: "authorizationSize is out of range, or the authorization area holds more sessions than the command allows",
  AUTH_CONTEXT: "this command does not accept authorization sessions but one was given",
  NV_RANGE: "the NV offset plus size goes beyond the end of the index",
  NV_SIZE: "the requested NV size is larger than the TPM allows",
  NV_LOCKED: "access to the NV index is locked",
  NV_AUTHORIZATION: "the NV access authorization check in the command's actions failed (no dictionary-attack penalty)",
  NV_UNINITIALIZED:
    "the NV index has not been written yet, or the state saved by TPM2_Shutdown(STATE) could not be restored",
  NV_SPACE: "there is not enough NV memory for the index or persistent object",
  NV_DEFINED: "an NV index or persistent object with this handle already exists",
  BAD_CONTEXT: "the context given to TPM2_ContextLoad is not valid",
  CPHASH: "the policy session's cpHash is already set to a different value, or does not match this command",
  PARENT: "the handle given as a parent does not refer to a valid parent object",
  NEEDS_TEST: "a function the command needs has not been self-tested yet",
  NO_RESULT: "an internal function could not process the request for an unspecified reason, often a bad parameter",
  SENSITIVE: "the decrypted sensitive area did not unmarshal correctly (reported instead of the exact unmarshal error)",
  READ_ONLY: "the TPM is in read-only mode and the command would change its state",

  ASYMMETRIC: "the asymmetric algorithm is not supported or is not the right one",
  ATTRIBUTES: "the attributes are inconsistent",
  HASH: "the hash algorithm is not supported or not suitable here",
  VALUE: "the value is out of range or does not fit its context",
  HIERARCHY: "the hierarchy is disabled or not the right one for this use",
  KEY_SIZE: "the key size is not supported",
  MGF: "the mask generation function is not supported",
  MODE: "the mode of operation is not supported",
  TYPE: "the type of the value is not suitable for this use",
  HANDLE: "the handle is not right for this use",
  KDF: "the key derivation function is not supported or not suitable here",
  RANGE: "the value is outside its allowed range",
  AUTH_FAIL: "the authorization HMAC did not verify, and the dictionary-attack failure counter was incremented",
  NONCE: "the nonce has the wrong size or does not match",
  PP: "physical presence must be asserted to authorize this command",
  SCHEME: "the scheme is not supported or does not fit the key",
  SIZE: "the structure has the wrong size",
  SYMMETRIC: "the symmetric algorithm or key size is not supported or not suitable here",
  TAG: "the structure tag is wrong",
  SELECTOR: "the union selector is wrong",
  INSUFFICIENT: "the input ended before the value could be unmarshalled",
  SIGNATURE: "the signature does not verify",
  KEY: "the key's fields do not suit the selected use",
  POLICY_FAIL: "a policy check failed",
  INTEGRITY: "the integrity check failed",
  TICKET: "the ticket is not valid",
  RESERVED_BITS: "bits that must be zero are set",
  BAD_AUTH: "the authorization failed, without dictionary-attack consequences",
  EXPIRED: "the policy session or authorization has expired",
  POLICY_CC:
    "the command code in the policy does not match this command, or a policy command names an unimplemented command",
  BINDING: "the public and sensitive parts of the object are not cryptographically bound",
  CURVE: "the ECC curve is not supported",
  ECC_POINT: "the point is not on the required curve",
  FW_LIMITED:
    "the hierarchy is firmware-limited but the TPM does not support it or could not derive the firmware secret",
  SVN_LIMITED:
    "the hierarchy is SVN-limited but the TPM does not support it or could not derive the secret for that SVN",
  CHANNEL: "the command needs a secure channel and none is active",
  CHANNEL_KEY: "the secure channel key is not the expected one",

  CONTEXT_GAP: "the gap between the oldest and newest saved session contexts is too large; load or flush old ones",
  OBJECT_MEMORY: "the TPM has no room left for object contexts",
  SESSION_MEMORY: "the TPM has no room left for session contexts",
  MEMORY: "the TPM has no room left in memory shared by objects and sessions, or for its own work",
  SESSION_HANDLES: "no session handles are left; flush a session before starting a new one",
  OBJECT_HANDLES: "no object handles are left; the TPM must be restarted",
  LOCALITY: "the command is not allowed at this locality",
  YIELDED: "the TPM suspended the command after making progress; send it again",
  CANCELED: "the command was canceled",
  TESTING: "the TPM is running self-tests",
  REFERENCE_H0: "the first handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H1: "the second handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H2: "the third handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H3: "the fourth handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H4: "the fifth handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H5: "the sixth handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_H6: "the seventh handle of the handle area names a transient object or session that is not loaded",
  REFERENCE_S0: "the first session handle names a session that is not loaded",
  REFERENCE_S1: "the second session handle names a session that is not loaded",
  REFERENCE_S2: "the third session handle names a session that is not loaded",
  REFERENCE_S3: "the fourth session handle names a session that is not loaded",
  REFERENCE_S4: "the fifth session handle names a session that is not loaded",
  REFERENCE_S5: "the sixth session handle names a session that is not loaded",
  REFERENCE_S6: "the seventh session handle names a session that is not loaded",
  NV_RATE: "the TPM is limiting the rate of NV writes to avoid wearing it out; try later",
  LOCKOUT: "the TPM is in dictionary-attack lockout, so authorizations of DA-protected entities are refused for now",
  RETRY: "the TPM could not start the command; send it again",
  NV_UNAVAILABLE: "the command may need to write NV and NV cannot be accessed now",
  NOT_USED: "reserved code that a TPM never returns",
};
