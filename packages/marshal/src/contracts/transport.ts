/**
 * The transport contract: send one command's bytes, get one response's bytes.
 * A third party writes a transport against this interface and nothing else.
 */

/** Options for one command. */
export interface SendOptions {
  /** Locality 0..4 (or an extended locality 32..255) where the transport can set it. */
  readonly locality?: number;
  /** Aborts the wait for the response; the transport fails the send with an AbortError. */
  readonly signal?: AbortSignal;
}

/** Simulator platform controls (power, NV, cancel); real TPMs have none. */
export interface PlatformControl {
  /** Powers the TPM on (for swtpm: CMD_INIT). A Startup is then required. */
  powerOn(): Promise<void>;
  /** Powers the TPM off. */
  powerOff(): Promise<void>;
  /** Makes NV available. */
  nvOn(): Promise<void>;
  /** Cancels the command in progress, where supported. */
  cancel?(): Promise<void>;
  /** Power-cycles the TPM (off, on). */
  reset?(): Promise<void>;
}

/** One connection to a TPM. `send` calls are never interleaved by the TSS. */
export interface Transport {
  /** Sends a whole command and resolves with the whole response. */
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array>;
  /** Closes the connection; a later `send` may reopen it. */
  close(): Promise<void>;
  /** Present on simulators. */
  readonly platform?: PlatformControl;
}
