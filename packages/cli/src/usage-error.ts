/** A bad command line: a missing, unknown or malformed flag. The utility prints it and exits 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
