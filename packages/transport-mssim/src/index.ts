/** @tss/transport-mssim: TCP transport to a TPM simulator, its platform port, and the tpm_proxy. */
export * from "./mssim-transport.js";
export * from "./mssim-platform.js";
export * from "./swtpm-platform.js";
export * from "./mssim-protocol.js";
export * from "./swtpm-ctrl-protocol.js";
export * from "./transport-properties.js";
export * from "./tpm-proxy.js";
export { SerialQueue } from "./serial-queue.js";
