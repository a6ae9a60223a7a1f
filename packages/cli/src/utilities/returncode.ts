/** returncode: the name and meaning of a TPM, TSS or TBS response code (no TPM needed). */
import { describeRc } from "@tss/marshal";
import { hex8 } from "../print-all.js";
import { responseCodeLine } from "../response-code-text.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** returncode hex-number (IBM's form), or returncode -rc hex. */
export const returncode: Utility = {
  name: "returncode",
  summary: "Returns the TPM_RC name and text for the return code",
  flags: { "-rc": "hex" },
  usage: [
    "Usage: returncode hex-number",
    "",
    "\t[-rc\tthe response code in hex, instead of the bare argument]",
    "",
    "Names TPM codes (with the handle, parameter or session of a format-one code),",
    "IBM TSS codes (000bxxxx) and Windows TBS results (8028xxxx).",
  ],
  async run(ctx) {
    const rc = ctx.flags.number("-rc");
    // IBM's message and exit status 1 when no code is given.
    if (rc === undefined) throw new UsageError("needs argument");
    const line = responseCodeLine(rc);
    const d = describeRc(rc);
    ctx.result({
      rc: hex8(rc),
      text: line,
      kind: d.kind,
      ...(d.handle !== undefined ? { handle: d.handle } : {}),
      ...(d.parameter !== undefined ? { parameter: d.parameter } : {}),
      ...(d.session !== undefined ? { session: d.session } : {}),
    });
    ctx.print(`${line}\n`);
  },
};

/**
 * The IBM utility takes the code as a bare argument and ignores what follows:
 * `returncode 9a2` becomes `-rc 9a2`; flags (-v, -h, --json) keep their places.
 */
export function returncodeArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  let bare = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-rc") {
      out.push(a, ...(argv[i + 1] !== undefined ? [argv[++i]!] : []));
    } else if (!a.startsWith("-")) {
      // The first bare argument is the code; IBM ignores any others.
      if (!bare) out.push("-rc", a);
      bare = true;
    } else {
      out.push(a);
    }
  }
  return out;
}
