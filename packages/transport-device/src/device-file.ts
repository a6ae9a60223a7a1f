/**
 * The file layer under DeviceTransport: a TPM character device opened read-write
 * through node:fs, or (for emulators and tests) a pair of FIFOs, one written and
 * one read. Both use the same node:fs FileHandle reads and writes.
 */
import { type FileHandle, open } from "node:fs/promises";

/** An open TPM device: whole-command writes and reads of what the device has. */
export interface TpmDeviceFile {
  /** Writes `bytes`; resolves with the count written. */
  write(bytes: Uint8Array): Promise<number>;
  /** Reads into `buffer` at `offset`, at most `length` bytes; 0 is end of file. */
  read(buffer: Uint8Array, offset: number, length: number): Promise<number>;
  /** Closes the device (without waiting for a read that is still blocked). */
  close(): Promise<void>;
}

/** Opens the device at a path. */
export type TpmDeviceOpener = (path: string) => Promise<TpmDeviceFile>;

class FileHandleDevice implements TpmDeviceFile {
  constructor(
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
  ) {}
  async write(bytes: Uint8Array): Promise<number> {
    return (await this.writer.write(bytes, 0, bytes.length, null)).bytesWritten;
  }
  async read(buffer: Uint8Array, offset: number, length: number): Promise<number> {
    return (await this.reader.read(buffer, offset, length, null)).bytesRead;
  }
  async close(): Promise<void> {
    const handles = this.writer === this.reader ? [this.writer] : [this.writer, this.reader];
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  }
}

/** Opens a TPM character device (/dev/tpm0, /dev/tpmrm0) read-write: the default opener. */
export const openCharacterDevice: TpmDeviceOpener = async (path) => {
  const handle = await open(path, "r+");
  return new FileHandleDevice(handle, handle);
};

/**
 * An opener for a device emulated by two FIFOs: commands are written to
 * `commandFifo`, responses read from `responseFifo` (the path given to the
 * transport is ignored). A bridge such as
 * `socat 'OPEN:cmd,rdwr!!OPEN:rsp,rdwr' TCP:host:port` puts a raw TPM behind it.
 */
export function fifoPairOpener(commandFifo: string, responseFifo: string): TpmDeviceOpener {
  return async () => {
    const writer = await open(commandFifo, "w");
    try {
      const reader = await open(responseFifo, "r");
      return new FileHandleDevice(writer, reader);
    } catch (e) {
      await writer.close();
      throw e;
    }
  };
}
