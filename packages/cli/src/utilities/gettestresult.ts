/** gettestresult: TPM2_GetTestResult; the test result as a response-code line. */
import { SESSION_FLAGS } from "../flags.js";
import { hex8, printAll } from "../print-all.js";
import { responseCodeLine } from "../response-code-text.js";
import type { Utility } from "../utility.js";

/** gettestresult [-se0 ...]; -v also prints the vendor's outData. */
export const gettestresult: Utility = {
  name: "gettestresult",
  summary: "Runs TPM2_GetTestResult",
  flags: { ...SESSION_FLAGS },
  usage: ["\t-se[0-2] session handle / attributes (default NULL)", "\t01\tcontinue", "\t40\tresponse encrypt"],
  async run(ctx) {
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.getTestResult({}, sessions ? { sessions } : {});
    ctx.result({ testResult: hex8(out.testResult), text: responseCodeLine(out.testResult), outData: out.outData });
    ctx.print(`testResult ${responseCodeLine(out.testResult)}\n`);
    if (ctx.verbose) ctx.print(printAll("outData", out.outData));
  },
};
