/** returncode: the name and meaning of a TPM response code (no TPM needed). */
import { formatRc } from "@tss/marshal";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** returncode -rc hex, or the IBM form `returncode hex`. */
export const returncode: Utility = {
  name: "returncode",
  summary: "Prints the TPM_RC name and text of a response code",
  flags: { "-rc": "hex" },
  usage: ["\t-rc\tresponse code in hex (or: tss returncode <hex>)"],
  async run(ctx) {
    const rc = ctx.flags.number("-rc");
    if (rc === undefined) throw new UsageError("needs argument -rc");
    ctx.print(`${formatRc(rc)}\n`);
  },
};

/** The IBM utility takes the code as a bare argument: rewrite `returncode 9a2` to `-rc 9a2`. */
export function returncodeArgs(argv: readonly string[]): string[] {
  if (argv.length === 1 && !argv[0]!.startsWith("-")) return ["-rc", argv[0]!];
  if (argv.length === 2 && argv[0] === "-v" && !argv[1]!.startsWith("-")) return ["-v", "-rc", argv[1]!];
  return [...argv];
}
