/** Stable codes of TSS-side failures (not the TPM's response codes). */
export type TssErrorCode =
  /** The transport could not connect, or the connection dropped. */
  | "BAD_CONNECTION"
  /** No response within the timeout. */
  | "TIMEOUT"
  /** The caller's AbortSignal fired. */
  | "ABORTED"
  /** A response shorter or longer than its header says, a bad tag, or bytes that do not unmarshal. */
  | "MALFORMED_RESPONSE"
  /** A response HMAC did not verify. */
  | "RESPONSE_HMAC"
  /**
   * A session whose state is unknown since a command's response was lost or did
   * not verify: the TSS never sends another HMAC with it (that could cost the
   * user dictionary-attack failures). Start a new session.
   */
  | "SESSION_LOST"
  /** The operation needs a crypto plugin and none was given. */
  | "NO_CRYPTO"
  /** A caller's argument is not valid (before anything is sent). */
  | "BAD_PARAMETER"
  /** A session handle the TSS does not know, or one used wrongly. */
  | "BAD_SESSION"
  /** An NV_ReadPublic or ReadPublic Name does not match its public area. */
  | "NAME_MISMATCH"
  /** A store could not read or write state, or rejected tampered state. */
  | "STORE"
  /** A plugin package named by the configuration is not installed. */
  | "PLUGIN_MISSING"
  /** A property name or value is not valid. */
  | "BAD_PROPERTY"
  /** The command code has no schema, or the feature is not supported here. */
  | "UNSUPPORTED"
  /** The context or transport was closed. */
  | "CLOSED"
  /** A device or platform error (permissions, busy device, native API failure). */
  | "DEVICE"
  /**
   * A proxy in front of the TPM refused the connection or the command (a wrong
   * token, an origin not allowed, a denied command, a frame too large, busy):
   * the TPM did not run the command; the message carries the proxy's reason.
   */
  | "REFUSED";

/** A failure on the TSS side, with a stable `code`. */
export class TssError extends Error {
  override readonly name = "TssError";
  constructor(
    readonly code: TssErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where a format-one response code points. */
export interface TpmErrorLocation {
  readonly handle?: number;
  readonly parameter?: number;
  readonly session?: number;
}

/** A non-zero TPM response code, decoded. */
export class TpmError extends Error {
  override readonly name = "TpmError";
  constructor(
    /** The raw TPM_RC. */
    readonly responseCode: number,
    /** The TPM_CC of the command that failed. */
    readonly commandCode: number,
    message: string,
    /** The handle, parameter or session number a format-one code names. */
    readonly location: TpmErrorLocation = {},
  ) {
    super(message);
  }
}
