/**
 * The `tss` dispatcher: `tss <utility> [IBM-style flags]`. Exit codes: 0 success,
 * 1 a usage error or a failure (a TPM response code, a TSS error, a file error),
 * as the IBM utilities exit with EXIT_FAILURE.
 */
import type { Tss } from "@tss/tss";
import { type CliIo, processIo } from "./cli-io.js";
import { failureText } from "./failure-text.js";
import { parseFlags } from "./flags.js";
import { UsageError } from "./usage-error.js";
import { UTILITY_LOADERS } from "./utilities/loaders.js";
import { UTILITY_SUMMARIES } from "./utilities/manifest.js";
import { type Utility, UtilityContext } from "./utility.js";

/** The text of `tss --help`. */
export function overview(): string {
  // From the manifest (sorted by name): no utility module is loaded.
  const width = Math.max(...[...UTILITY_SUMMARIES.keys()].map((n) => n.length));
  const lines = [...UTILITY_SUMMARIES].map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    "usage: tss <utility> [flags]        (tss <utility> -h for its flags)",
    "",
    "The IBM TSS command-line utilities. The TPM is chosen by the IBM TSS environment",
    "variables: TPM_INTERFACE_TYPE, TPM_SERVER_NAME, TPM_COMMAND_PORT, TPM_PLATFORM_PORT,",
    "TPM_SERVER_TYPE, TPM_DATA_DIR, TPM_ENCRYPT_SESSIONS, TPM_SESSION_ENCKEY, TPM_TRACE_LEVEL.",
    "",
    "Utilities (each also installed as tss<utility>, e.g. tsscreateprimary):",
    ...lines,
    "",
    "tss batch FILE|- [-k]: runs utility lines (as on the command line; # comments) in one",
    "process over one TPM connection, stopping at the first failure unless -k (--keep-going).",
    "",
    "Every utility takes -h (help: usage, exit status 1 as IBM's), -v (verbose: trace level 2)",
    "and --json (the result as one JSON document instead of IBM's text).",
    "",
  ].join("\n");
}

/** The text of `tss <utility> -h`. */
export function usageOf(u: Utility): string {
  return `\n${u.name}\n\n${u.summary}\n\n${u.usage.join("\n")}\n\n\t-h\thelp\n\t-v\tverbose\n\t--json\tprint the result as JSON\n`;
}

/** Runs `tss` with the arguments after the program name; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(overview());
    return name === undefined ? 1 : 0;
  }
  if (name === "batch") {
    const { runBatch } = await import("./batch.js");
    return runBatch(rest, io);
  }
  return runUtility(name, rest, io);
}

/**
 * Runs one utility with its arguments; resolves to its exit code, never throws.
 * `shared` (batch mode) is a TSS context kept open across utilities.
 */
export async function runUtility(
  name: string,
  rest: readonly string[],
  io: CliIo,
  shared?: () => Promise<Tss>,
): Promise<number> {
  const load = UTILITY_LOADERS.get(name);
  if (!load) {
    io.stderr(`tss: unknown utility ${JSON.stringify(name)}; tss --help lists them\n`);
    return 1;
  }
  let ctx: UtilityContext | undefined;
  try {
    const utility = await load();
    const args = name === "returncode" ? (await import("./utilities/returncode.js")).returncodeArgs(rest) : rest;
    const flags = parseFlags(args, utility.flags);
    if (flags.has("-h")) {
      // As the IBM utilities: usage on standard output, and a failure exit status.
      io.stdout(usageOf(utility));
      return 1;
    }
    ctx = new UtilityContext(name, flags, io, shared);
    await utility.run(ctx);
    await ctx.close();
    if (ctx.json) {
      if (!ctx.jsonStreamed) io.stdout((await import("./json-output.js")).jsonText(ctx.jsonResult));
    } else if (ctx.verbose && !ctx.successPrinted) io.stdout(`${name}: success\n`);
    return 0;
  } catch (e) {
    await ctx?.close().catch(() => undefined);
    if (e instanceof UsageError) {
      io.stderr(`${name}: ${e.message}\n(tss ${name} -h for usage)\n`);
    } else {
      io.stderr(failureText(name, e));
    }
    return 1;
  }
}
