/** Size of a command or response header: tag (2), size (4), code (4). */
export const TPM_HEADER_SIZE = 10;

/** A command or response header. `code` is a TPM_CC in commands and a TPM_RC in responses. */
export interface TpmHeader {
  readonly tag: number;
  readonly size: number;
  readonly code: number;
}

/**
 * Reads the header of a command or response. Returns undefined when fewer than
 * 10 bytes are present, so a transport can wait for more.
 */
export function readHeader(bytes: Uint8Array): TpmHeader | undefined {
  if (bytes.length < TPM_HEADER_SIZE) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, TPM_HEADER_SIZE);
  return { tag: v.getUint16(0), size: v.getUint32(2), code: v.getUint32(6) };
}

/**
 * The total size a response (or command) declares in its header, for transports
 * that must know how many bytes to read; undefined until 10 bytes are there.
 */
export function frameSizeFromHeader(bytes: Uint8Array): number | undefined {
  return readHeader(bytes)?.size;
}
