/** The regression harness: swtpm fixture and the plugin matrix. */

export * from "./fake-ntc2.js";
export * from "./fault-proxy.js";
export * from "./matrix.js";
export * from "./swtpm.js";
export * from "./swtpm-ek.js";
export * from "./templates.js";
