/**
 * @tss/transport-testkit: a framework-agnostic conformance kit for any TPM 2.0
 * Transport (ours or a third party's). Run `transportConformanceCases(options)`
 * under any test runner, or `runTransportConformance(options)` alone; vitest
 * users can import `describeTransportConformance` from "@tss/transport-testkit/vitest".
 */
export * from "./conformance-cases.js";
/** The commands the conformance cases send, marshalled with @tss/marshal, and the response fields they read. */
export * as testCommands from "./test-commands.js";
