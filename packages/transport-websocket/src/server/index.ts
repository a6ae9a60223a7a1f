/** @tss/transport-websocket/server: the guarded WebSocket proxy in front of a TPM (Node only). */

export * from "./command-policy.js";
export * from "./handle-effect.js";
export * from "./handle-owners.js";
export * from "./static-files.js";
export * from "./websocket-proxy.js";
