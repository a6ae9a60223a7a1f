/** printattr: TPMA_OBJECT, TPMA_SESSION, TPMA_STARTUP_CLEAR and TPMA_NV words as text, in IBM's printer layout. */
import { tpmaNvLines, tpmaObjectLines, tpmaSessionLines, tpmaStartupClearLines } from "@tss/marshal";
import type { Utility } from "../utility.js";

/** printattr [-ob hex] [-se hex] [-st hex] [-nv hex], each repeatable, printed in order. */
export const printattr: Utility = {
  name: "printattr",
  summary: "Prints TPMA attributes as text",
  flags: { "-ob": "hex", "-se": "hex", "-st": "hex", "-nv": "hex" },
  usage: ["\t-ob TPMA_OBJECT", "\t-se TPMA_SESSION", "\t-st TPMA_STARTUP_CLEAR", "\t-nv TPMA_NV"],
  async run(ctx) {
    const printed: { flag: string; value: number; lines: string[] }[] = [];
    for (const { flag, value } of ctx.flags.inOrder()) {
      if (typeof value !== "number") continue;
      const lines =
        flag === "-ob"
          ? tpmaObjectLines("TPMA_OBJECT", value, 0)
          : flag === "-se"
            ? tpmaSessionLines(value & 0xff, 0)
            : flag === "-st"
              ? tpmaStartupClearLines(value, 0)
              : tpmaNvLines(value, 0);
      printed.push({ flag, value, lines });
      ctx.print(lines.map((l) => `${l}\n`).join(""));
    }
    ctx.result(printed);
  },
};
