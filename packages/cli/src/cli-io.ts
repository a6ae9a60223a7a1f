/** Where a utility writes and what environment it reads: process streams by default, buffers in tests. */
import { writeSync } from "node:fs";
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
function pipeWriter(stream: NodeJS.WriteStream): (text: string | Uint8Array) => void {
  let gone = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

/**
 * A writer to file descriptor 1 or 2 that writes synchronously with `writeSync`, so
 * that a call which prints a line does not build process.stdout's stream (for a pipe,
 * a net.Socket: some milliseconds of start-up). A reader that has gone (EPIPE) drops
 * the rest, as `pipeWriter` does; a descriptor that would block (EAGAIN, a
 * non-blocking pipe) hands what is left, and all later output, to the process stream.
 */
function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  let streamWriter: ((text: string | Uint8Array) => void) | undefined;
  return (text) => {
    if (gone) return;
    if (streamWriter) return streamWriter(text);
    const bytes = Buffer.from(text, "utf8");
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") gone = true;
      else if (code === "EAGAIN") {
        streamWriter = pipeWriter(stream());
        streamWriter(bytes.subarray(at));
      } else throw e;
    }
  };
}

let processWriters: { stdout: (text: string) => void; stderr: (text: string) => void } | undefined;

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  processWriters ??= {
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
  };
  return { ...processWriters, env: process.env, cwd: process.cwd() };
}
