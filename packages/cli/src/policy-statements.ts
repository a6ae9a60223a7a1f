/**
 * Policy statement files, as IBM's policymaker reads them: one line of hex per
 * policy command (the bytes it extends into the digest), read line by line as
 * fgets gives them.
 */
import { UsageError } from "./usage-error.js";

/** One statement: its hex text (without the line end) and its bytes. */
export interface PolicyStatement {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/**
 * The statements of a file: each "\n"-ended line, and a last line without one.
 * An empty line is a statement of no bytes (policymaker then hashes the digest
 * alone: the empty policyRef of PolicySigned/PolicySecret). A character that is
 * not hex (a "\r" of a DOS line end too) or an odd number of hex digits is an
 * error naming the line.
 */
export function readPolicyStatements(text: string): PolicyStatement[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line, i) => {
    const bad = /[^0-9a-fA-F]/.exec(line);
    if (bad)
      throw new UsageError(`line ${i + 1}: Line has non hex ascii character: ${JSON.stringify(bad[0]).slice(1, -1)}`);
    if (line.length % 2) throw new UsageError(`line ${i + 1}: an odd number of hex digits`);
    const bytes = new Uint8Array(line.length / 2);
    for (let b = 0; b < bytes.length; b++) bytes[b] = Number.parseInt(line.slice(2 * b, 2 * b + 2), 16);
    return { text: line, bytes };
  });
}
