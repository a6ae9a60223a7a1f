/** The failures of @tss/eventlog, each with a stable `code`. */

/** Stable codes of EventLogError. */
export type EventLogErrorCode =
  /** The log ends inside an event, or a length field points past its end. */
  | "TRUNCATED"
  /** A field holds a value the format does not allow (a digest size, a count, a template name). */
  | "MALFORMED"
  /** An event names a hash algorithm whose digest size is unknown. */
  | "UNKNOWN_ALGORITHM"
  /** A caller's argument is not valid. */
  | "BAD_PARAMETER";

/** A failure parsing or replaying a measurement log, with a stable `code` and the byte offset when known. */
export class EventLogError extends Error {
  override readonly name = "EventLogError";
  constructor(
    readonly code: EventLogErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}
