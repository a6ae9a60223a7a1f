/** readclock: TPM2_ReadClock, printed as IBM's TSS_TPMS_TIME_INFO_Print does. */
import { clockFileBytes } from "../clock-files.js";
import type { Utility } from "../utility.js";

/** The TPMS_TIME_INFO of TPM2_ReadClock. */
interface TimeInfo {
  time: bigint;
  clockInfo: { clock: bigint; resetCount: number; restartCount: number; safe: number };
}

/** IBM's text for a TPMS_TIME_INFO (time with its days/hours/minutes/seconds, then the clock info indented by 2). */
export function timeInfoText(t: TimeInfo): string {
  const ms = BigInt(t.time);
  const day = 86_400_000n;
  const days = ms / day;
  const hours = (ms % day) / 3_600_000n;
  const minutes = (ms % 3_600_000n) / 60_000n;
  const seconds = (ms % 60_000n) / 1000n;
  const c = t.clockInfo;
  return (
    `TPMS_TIME_INFO time ${ms} msec - ${days} days ${hours} hours ${minutes} minutes ${seconds} seconds\n` +
    `  TPMS_CLOCK_INFO clock ${BigInt(c.clock)}\n` +
    `  TPMS_CLOCK_INFO resetCount ${c.resetCount}\n` +
    `  TPMS_CLOCK_INFO restartCount ${c.restartCount}\n` +
    `  TPMS_CLOCK_INFO safe ${Number(c.safe).toString(16)}\n`
  );
}

/** readclock [-otime file] [-oclock file]. */
export const readclock: Utility = {
  name: "readclock",
  summary: "Runs TPM2_ReadClock",
  flags: { "-otime": "string", "-oclock": "string" },
  usage: ["\t[-otime    time file name (default do not save)]", "\t[-oclock   clock file name (default do not save)]"],
  async run(ctx) {
    const out = await (await ctx.tss()).readClock({});
    const t = out.currentTime as unknown as TimeInfo;
    const otime = ctx.flags.string("-otime");
    const oclock = ctx.flags.string("-oclock");
    if (otime !== undefined) await ctx.writeFile(otime, clockFileBytes(BigInt(t.time)));
    if (oclock !== undefined) await ctx.writeFile(oclock, clockFileBytes(BigInt(t.clockInfo.clock)));
    ctx.print(timeInfoText(t));
    ctx.result({
      time: BigInt(t.time),
      clock: BigInt(t.clockInfo.clock),
      resetCount: t.clockInfo.resetCount,
      restartCount: t.clockInfo.restartCount,
      safe: Number(t.clockInfo.safe),
    });
  },
};
