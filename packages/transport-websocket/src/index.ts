/** @tss/transport-websocket: a browser-safe TPM transport over a WebSocket to the guarded proxy. */

export * from "./protocol.js";
export * from "./transport-properties.js";
export * from "./websocket-transport.js";
