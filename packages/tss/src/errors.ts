/**
 * The error classes callers of @tss/tss catch, re-exported from @tss/marshal so
 * that `instanceof` works with one import: they are the same classes, not copies.
 */
export {
  MarshalError,
  type MarshalErrorCode,
  TpmError,
  type TpmErrorLocation,
  TssError,
  type TssErrorCode,
} from "@tss/marshal";
