/**
 * The Microsoft TPM 2.0 simulator's TCP protocol (TpmTcpProtocol.h of the
 * reference implementation): every value is a big-endian u32 code, then its data.
 * Platform-port commands are acknowledged with a u32 0 (1 for an unknown code),
 * except TPM_SESSION_END and TPM_STOP, which end the connection unanswered.
 */

/** MS-simulator command codes. */
export const MSSIM = {
  TPM_SIGNAL_POWER_ON: 1,
  TPM_SIGNAL_POWER_OFF: 2,
  TPM_SIGNAL_PHYS_PRES_ON: 3,
  TPM_SIGNAL_PHYS_PRES_OFF: 4,
  TPM_SIGNAL_HASH_START: 5,
  TPM_SIGNAL_HASH_DATA: 6,
  TPM_SIGNAL_HASH_END: 7,
  /** Command port: {u8 locality, u32 size, command} answered by {u32 size, response, u32 0}. */
  TPM_SEND_COMMAND: 8,
  TPM_SIGNAL_CANCEL_ON: 9,
  TPM_SIGNAL_CANCEL_OFF: 10,
  TPM_SIGNAL_NV_ON: 11,
  TPM_SIGNAL_NV_OFF: 12,
  TPM_SIGNAL_KEY_CACHE_ON: 13,
  TPM_SIGNAL_KEY_CACHE_OFF: 14,
  TPM_REMOTE_HANDSHAKE: 15,
  TPM_SET_ALTERNATIVE_RESULT: 16,
  /** Power on with reset (TPM_Init while powered). */
  TPM_SIGNAL_RESET: 17,
  TPM_SIGNAL_RESTART: 18,
  /** The client leaves; no answer, the simulator closes the connection. */
  TPM_SESSION_END: 20,
  /** The simulator process exits; no answer. */
  TPM_STOP: 21,
  TPM_GET_COMMAND_RESPONSE_SIZES: 25,
  TPM_ACT_GET_SIGNALED: 26,
  TPM_TEST_FAILURE_MODE: 30,
} as const;

/** Bytes of the TPM_SEND_COMMAND prefix: u32 code, u8 locality, u32 size. */
export const MSSIM_SEND_PREFIX_SIZE = 9;

/** Frames a command for the MS simulator's command port, in one buffer (one write). */
export function encodeMssimCommand(command: Uint8Array, locality: number): Uint8Array {
  // Byte stores, not a DataView: a DataView of a small array costs more than the
  // rest of the framing (it makes V8 give the array a separate ArrayBuffer).
  const frame = new Uint8Array(MSSIM_SEND_PREFIX_SIZE + command.length);
  putU32(frame, 0, MSSIM.TPM_SEND_COMMAND);
  frame[4] = locality;
  putU32(frame, 5, command.length);
  frame.set(command, MSSIM_SEND_PREFIX_SIZE);
  return frame;
}

/** Frames a response as the MS simulator does: u32 size, response, u32 0. */
export function encodeMssimResponse(response: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + response.length);
  putU32(frame, 0, response.length);
  frame.set(response, 4);
  return frame;
}

/** A big-endian u32 as 4 bytes. */
export function u32Bytes(value: number): Uint8Array {
  const b = new Uint8Array(4);
  putU32(b, 0, value);
  return b;
}

/** Writes a big-endian u32 at `offset`. */
export function putU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

/** Reads a big-endian u32 at `offset`; RangeError when the 4 bytes are not all there. */
export function readU32(bytes: Uint8Array, offset = 0): number {
  if (offset < 0 || offset + 4 > bytes.length) throw new RangeError(`u32 at ${offset} of ${bytes.length} bytes`);
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}
