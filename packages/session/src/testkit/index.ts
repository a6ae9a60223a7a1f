/**
 * @tss/session/testkit: the Crypto conformance kit and the known-answer vectors
 * behind it. Framework-agnostic: each case throws on failure.
 */
export { type ConformanceCase, cryptoConformanceCases } from "./cases.js";
export { ecdhX, isOnCurve } from "./ec-math.js";
export { withFixedRandom } from "./fixed-random.js";
export { roundUses, runFlow, runFlowRound, startFlowSessions } from "./flow-runner.js";
export { bigintToBytes, bytesToBigint, fromHex, toHex } from "./hex.js";
export { mgf1, rsaOaepDecrypt } from "./rsa-math.js";
export { neutralKeyFromVector, neutralKeyToVector, spkiConformanceCases } from "./spki-cases.js";
export { SPKI_VECTORS } from "./spki-vectors.js";
export type * from "./vector-types.js";
export { VECTORS } from "./vectors.js";
