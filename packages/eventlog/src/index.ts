/**
 * @tss/eventlog: TPM measurement logs, browser-safe. Parses the TCG PC Client firmware
 * event log (crypto-agile and SHA-1) and the Linux IMA list, replays them into expected
 * PCR values through the Crypto contract's hash, and compares those with a TPM's.
 */
export * from "./event-log-error.js";
export * from "./event-types.js";
export * from "./firmware-event-log.js";
export * from "./firmware-replay.js";
export * from "./ima-log.js";
export * from "./ima-replay.js";
export * from "./log-builder.js";
export * from "./pcr-banks.js";
export * from "./uefi-event-data.js";
