/** clockset: TPM2_ClockSet, the TPM's Clock moved forward to a value or a readclock file plus seconds. */
import { TPM_RH } from "@tss/marshal";
import { clockFromFile } from "../clock-files.js";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const DECIMAL = /^\d{1,20}$/;

/** clockset -clock n | -iclock file [-addsec s] [-hi o|p] [-pwdp] (IBM 1.4.5's -time is taken as -clock). */
export const clockset: Utility = {
  name: "clockset",
  summary: "Runs TPM2_ClockSet",
  flags: {
    "-clock": "string",
    "-time": "string",
    "-iclock": "string",
    "-addsec": "dec",
    "-hi": "string",
    "-pwdp": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-clock\t\tnew clock",
    "\t-iclock\t\tnew clock file name",
    "\t[-addsec\tseconds to add to new clock]",
    "\t-hi\t\thierarchy (o, p) (default platform)",
    "\t\to owner, p platform",
    "\t-pwdp\t\tpassword for hierarchy (default empty)",
    "",
    "\t-se[0-2]\t session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const flag = f.lastOf("-clock", "-time");
    const text = flag === undefined ? undefined : f.string(flag);
    const file = f.string("-iclock");
    if (text === undefined && file === undefined) throw new UsageError("missing -clock or -iclock");
    if (text !== undefined && file !== undefined) throw new UsageError("cannot have both -clock and -iclock");
    let newTime: bigint;
    if (file !== undefined) newTime = clockFromFile(await ctx.readFile(file), file);
    else {
      if (!DECIMAL.test(text!) || BigInt(text!) > 0xffffffffffffffffn)
        throw new UsageError(`bad parameter ${text} for ${flag}: expected a decimal number`);
      newTime = BigInt(text!);
    }
    newTime += BigInt(f.number("-addsec") ?? 0) * 1000n;
    if (newTime > 0xffffffffffffffffn) throw new UsageError("new clock is out of range");
    const auth = f.has("-hi") ? hierarchyFlag("-hi", f.string("-hi"), "op") : TPM_RH.PLATFORM;
    if (ctx.verbose) ctx.print(`clockset: New clock ${newTime}\n`);
    await (await ctx.tss()).clockSet(
      { auth, newTime },
      {
        sessions: ctx.sessions(true, f.string("-pwdp"))!,
      },
    );
    ctx.result({ clock: newTime });
  },
};
