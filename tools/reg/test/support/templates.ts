// The templates live in tools/reg/src so the soak (plain node on tools/reg's build) uses the same copy.
export * from "../../src/templates.js";
