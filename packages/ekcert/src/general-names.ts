/**
 * GeneralNames (RFC 5280, 4.2.1.6) as X.509 extensions carry them: the
 * uniformResourceIdentifier [6] and directoryName [4] choices are read, the
 * others skipped.
 */
import { children, type DerElement } from "./der.js";

/** GeneralName context tags. */
const URI = 0x86;
const DIRECTORY_NAME = 0xa4;

const ascii = new TextDecoder("latin1");

/** The uniformResourceIdentifier entries of a list of GeneralName elements. */
export function generalNameUris(names: readonly DerElement[]): string[] {
  return names.filter((n) => n.tag === URI).map((n) => ascii.decode(n.content));
}

/** The directoryName entries (each a Name SEQUENCE) of a list of GeneralName elements. */
export function generalNameDirectories(names: readonly DerElement[]): DerElement[] {
  return names.filter((n) => n.tag === DIRECTORY_NAME).flatMap((n) => children(n).slice(0, 1));
}
