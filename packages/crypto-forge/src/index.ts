/** @tss/crypto-forge: the TSS Crypto contract on node-forge and @noble/curves. */
export { createForgeCrypto, forgeCrypto } from "./forge-crypto.js";
