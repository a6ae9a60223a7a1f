/** @tss/tss: createTss(), openTss(), execute(), typed commands, properties, stores. */

export { CommandQueue } from "./command-queue.js";
export * from "./create-tss.js";
export * from "./errors.js";
export * from "./lower-camel.js";
export * from "./open-tss.js";
export * from "./properties.js";
export * from "./store/memory-store.js";
export * from "./store/session-state-sealing.js";
export * from "./store/tss-store.js";
export * from "./trace.js";
export * from "./transport-registry.js";
export * from "./tss.js";
