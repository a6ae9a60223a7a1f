/** @tss/crypto-webcrypto: the TSS Crypto contract on globalThis.crypto.subtle alone. */
export { createCrypto, createWebCrypto, RANDOM_CHUNK, webCrypto } from "./webcrypto-crypto.js";
