/** Part 2 constants (chapters 6 to 8). */
export * from "./tpm-alg-id.js";
export * from "./tpm-cap.js";
export * from "./tpm-cc.js";
export * from "./tpm-ecc-curve.js";
export * from "./tpm-ht.js";
export * from "./tpm-rh.js";
export * from "./tpm-se.js";
export * from "./tpm-st.js";
export * from "./tpm-su.js";
export * from "./tpma-session.js";
