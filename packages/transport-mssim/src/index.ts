/** @tss/transport-mssim: TCP transport to a TPM simulator. */
export * from "./mssim-transport.js";
