/** @tss/tss: createTss(), execute(), typed commands, properties. */
export * from "./create-tss.js";
export * from "./tss.js";
export * from "./properties.js";
export * from "./trace.js";
export * from "./lower-camel.js";
export { CommandQueue } from "./command-queue.js";
