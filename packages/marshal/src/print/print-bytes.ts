/** Byte strings in the IBM TSS's TSS_PrintAlli layout. */

/**
 * "<indent><label> length <n>", then the bytes as "xx " groups, sixteen to a
 * line, each line indented by `indent` (an empty string gives one indented,
 * empty line, as IBM's printer does).
 */
export function printAllLines(label: string, bytes: Uint8Array, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines = [`${pad}${label} length ${bytes.length}`];
  let line = pad;
  for (let i = 0; i < bytes.length; i++) {
    if (i && i % 16 === 0) {
      lines.push(line);
      line = pad;
    }
    line += `${bytes[i]!.toString(16).padStart(2, "0")} `;
  }
  lines.push(line);
  return lines;
}
