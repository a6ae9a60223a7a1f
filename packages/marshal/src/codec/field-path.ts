/**
 * Field paths for error messages (`TPM2B_PUBLIC.publicArea.parameters...`).
 * Building them costs a string per field on every call, so the engine first
 * runs a codec with the empty path "" (nothing is built) and, only when that
 * fails, runs it again with the real path to report where (see `withFieldPaths`).
 * A codec called with a non-empty path tracks paths as before.
 */
import { MarshalError } from "../errors.js";

/** The path of a field of `parent`, or "" when paths are not tracked. */
export function fieldPath(parent: string, field: string): string {
  return parent === "" ? "" : `${parent}.${field}`;
}

/** The path of element `i` of a list at `parent`, or "" when paths are not tracked. */
export function indexPath(parent: string, i: number): string {
  return parent === "" ? "" : `${parent}[${i}]`;
}

/**
 * Runs `run` without paths; when it fails with a MarshalError, runs it again
 * with `path()` so the error names the field. Codecs are pure, so the second
 * run fails the same way.
 */
export function withFieldPaths<T>(run: (path: string) => T, path: () => string): T {
  try {
    return run("");
  } catch (e) {
    if (e instanceof MarshalError && e.path === "") return run(path());
    throw e;
  }
}
