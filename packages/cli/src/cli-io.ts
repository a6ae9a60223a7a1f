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

/**
 * A writer to a process stream that stops writing once its reader has gone
 * (EPIPE, as in `tss ... | head`): the rest of the output is dropped and the
 * utility runs on to its end, closing its TSS context, instead of dying with an
 * unhandled 'error' event. Other stream errors stay fatal.
 */
function pipeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

let processWriters: { stdout: (text: string) => void; stderr: (text: string) => void } | undefined;

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  processWriters ??= { stdout: pipeWriter(process.stdout), stderr: pipeWriter(process.stderr) };
  return { ...processWriters, env: process.env, cwd: process.cwd() };
}
