/** The regression harness: swtpm fixture and the plugin matrix. */
export * from "./swtpm.js";
export * from "./matrix.js";
