/**
 * @tss/transport-device: TPM character devices (/dev/tpm0, /dev/tpmrm0) through
 * node:fs, and serial-attached TPMs through the optional `serialport` package.
 */

export * from "./device-errors.js";
export * from "./device-file.js";
export * from "./device-transport.js";
export * from "./serial-transport.js";
export * from "./transport-properties.js";
