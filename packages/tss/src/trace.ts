/**
 * Tracing, per process as in the seed: 0 none, 1 errors, 2 errors and execution
 * flow. Level 1 never prints secrets; level 2 prints command headers and sizes.
 * The level is read from the environment (TPM_TRACE_LEVEL) once per process;
 * afterwards only an explicit setting changes it (setProperty, or a
 * TPM_TRACE_LEVEL given in createTss's `properties`), never the creation of
 * another context with defaults.
 */
let level = levelFromEnvironment();
let sink: (line: string) => void = (line) => console.error(line);

/** TPM_TRACE_LEVEL from the process environment (0 when absent, invalid, or not Node). */
function levelFromEnvironment(): number {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TPM_TRACE_LEVEL;
  return v !== undefined && /^[0-2]$/.test(v) ? Number(v) : 0;
}

/** Sets the process-wide trace level (TPM_TRACE_LEVEL). */
export function setTraceLevel(value: number): void {
  level = value;
}
/** The process-wide trace level. */
export function traceLevel(): number {
  return level;
}
/** Redirects trace lines (tests, loggers). Returns the previous sink. */
export function setTraceSink(next: (line: string) => void): (line: string) => void {
  const prev = sink;
  sink = next;
  return prev;
}
/** Traces an error (level >= 1). Callers pass no secret material. */
export function traceError(message: string): void {
  if (level >= 1) sink(`tss: ${message}`);
}
/** Traces execution flow (level >= 2). */
export function traceFlow(message: string): void {
  if (level >= 2) sink(`tss: ${message}`);
}
/** Hex of bytes, for level-2 traces. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}
