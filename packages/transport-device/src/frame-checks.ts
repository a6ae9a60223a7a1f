/** Checks shared by the device and serial transports. */
import { type AbortSignalLike, readHeader, TPM_HEADER_SIZE, TssError } from "@tss/marshal";

/** Checks that `command` is one whole TPM command: a header whose size is the length. */
export function checkCommandFrame(command: Uint8Array): void {
  const header = readHeader(command);
  if (!header || header.size !== command.length) {
    throw new TssError(
      "BAD_PARAMETER",
      `command of ${command.length} bytes does not match its header size ${header?.size ?? "(no header)"}`,
    );
  }
}

/** Rejects a locality other than 0: a device file or serial line cannot choose one. */
export function checkLocalityZero(locality: number | undefined, what: string): void {
  if ((locality ?? 0) !== 0) throw new TssError("UNSUPPORTED", `${what} cannot send at locality ${locality}`);
}

/** Throws ABORTED when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignalLike | undefined, what: string): void {
  if (signal?.aborted) throw new TssError("ABORTED", `${what} aborted`, { cause: signal.reason });
}

/** The size a response header declares, checked against the tag and limits. */
export function responseSizeFromHeader(header: Uint8Array, maxResponseSize: number, source: string): number {
  const h = readHeader(header)!;
  if (h.tag !== 0x8001 && h.tag !== 0x8002 && h.tag !== 0x00c4) {
    throw new TssError("MALFORMED_RESPONSE", `${source}: response tag 0x${h.tag.toString(16)} is not a TPM tag`);
  }
  if (h.size < TPM_HEADER_SIZE || h.size > maxResponseSize) {
    throw new TssError("MALFORMED_RESPONSE", `${source}: response header declares ${h.size} bytes`);
  }
  return h.size;
}
