/** @tss/cli: the IBM TSS command-line utilities as `tss <utility>`; main() runs them in-process. */

export type { CliIo } from "./cli-io.js";
export { processIo } from "./cli-io.js";
export { failureText } from "./failure-text.js";
export * from "./flags.js";
export { main, overview, usageOf } from "./main.js";
export { UsageError } from "./usage-error.js";
export { UTILITIES } from "./utilities/index.js";
export type { Utility, UtilityContext } from "./utility.js";
export {
  binCommands,
  commandEntry,
  commandName,
  readmeTable,
  sortedUtilities,
  withReadmeTable,
} from "./utility-list.js";
