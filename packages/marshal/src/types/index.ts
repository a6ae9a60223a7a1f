/** Part 2 types: every type of chapters 5 to 16 as a codec, exported under its specification name. */

export * from "./algorithm-parameters.js";
export * from "./all-types.js";
export * from "./attached-components.js";
export * from "./attributes.js";
export * from "./attributes64.js";
export * from "./base-types.js";
export * from "./capabilities.js";
export * from "./context-data.js";
export * from "./creation-data.js";
export * from "./interface-types.js";
export * from "./key-object.js";
export * from "./limits.js";
export type { NamedTypes } from "./named-types.js";
export * from "./ntc2-cfg-struct.js";
export * from "./nv-storage.js";
export * from "./structures.js";
export * from "./variants.js";
