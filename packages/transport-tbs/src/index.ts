/**
 * @tss/transport-tbs: TPM 2.0 through Windows TPM Base Services (tbs.dll via
 * koffi, loaded lazily on Windows only). The native calls are an injectable
 * TbsBinding.
 */

export * from "./koffi-binding.js";
export * from "./tbs-binding.js";
export * from "./tbs-constants.js";
export * from "./tbs-transport.js";
export * from "./transport-properties.js";
