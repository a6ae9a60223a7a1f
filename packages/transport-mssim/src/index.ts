/** @tss/transport-mssim: TCP transport to a TPM simulator, its platform port, and the tpm_proxy. */

/** The send queue every transport uses (@tss/marshal's; re-exported here, where it was first). */
export { SerialQueue } from "@tss/marshal";
export * from "./mssim-platform.js";
export * from "./mssim-protocol.js";
export * from "./mssim-transport.js";
export * from "./swtpm-ctrl-protocol.js";
export * from "./swtpm-platform.js";
export * from "./tpm-proxy.js";
export * from "./transport-properties.js";
