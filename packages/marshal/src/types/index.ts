/** Part 2 types (chapters 9 to 15). */
export * from "./interface-types.js";
export * from "./structures.js";
