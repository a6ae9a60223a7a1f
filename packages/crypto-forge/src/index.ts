/** @tss/crypto-forge: the TSS Crypto contract on node-forge and @noble/curves. */
export { createCrypto, createForgeCrypto, forgeCrypto } from "./forge-crypto.js";
