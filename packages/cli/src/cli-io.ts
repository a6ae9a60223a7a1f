/** Where a utility writes and what environment it reads: process streams by default, buffers in tests. */
export interface CliIo {
  /** Writes text to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes text to standard error (no newline added). */
  stderr(text: string): void;
  /** The environment the IBM TSS properties come from (TPM_COMMAND_PORT, TPM_DATA_DIR, ...). */
  readonly env: Record<string, string | undefined>;
  /** The directory relative file names are resolved against. */
  readonly cwd: string;
}

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}
