/** @tss/crypto-node: the TSS Crypto contract on node:crypto (OpenSSL), for Node only. */
export { createCrypto, createNodeCrypto, nodeCrypto } from "./node-crypto.js";
