/** @tss/transport-mssim: TCP transport to a TPM simulator, its platform port, and the tpm_proxy. */

export * from "./mssim-platform.js";
export * from "./mssim-protocol.js";
export * from "./mssim-transport.js";
export { SerialQueue } from "./serial-queue.js";
export * from "./swtpm-ctrl-protocol.js";
export * from "./swtpm-platform.js";
export * from "./tpm-proxy.js";
export * from "./transport-properties.js";
