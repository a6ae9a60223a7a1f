/** ntc2preconfig: Nuvoton NTC2_PreConfig, the required P8/P9 values or a read-modify-write of chosen registers. */
import { TPM_CC } from "@tss/marshal";
import type { FlagSpec } from "../flags.js";
import { fixedConfigErrors, NTC2_WRITABLE, type Ntc2Config, requiredConfig } from "../ntc2-config.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const REGISTER_FLAGS: FlagSpec = Object.fromEntries(NTC2_WRITABLE.map((r) => [`-${r}`, "hex"]));

/**
 * ntc2preconfig -p8 | -p9 | -override -<register> byte ...: -p8 / -p9 write
 * IBM's required values (-prequired, IBM 1.4.5's flag, is -p8); -override reads
 * the configuration and writes it back with the given registers changed.
 * Nuvoton's fixed registers are checked before anything is written.
 */
export const ntc2preconfig: Utility = {
  name: "ntc2preconfig",
  summary: "Runs NTC2_PreConfig",
  flags: { "-p8": "switch", "-p9": "switch", "-prequired": "switch", "-override": "switch", ...REGISTER_FLAGS },
  usage: [
    "\t-p8\tsets the required values for System P8, write only",
    "\t-p9\tsets the required values for System P9, write only",
    "\t-prequired\tthe same as -p8 (IBM TSS 1.4.5)",
    "\t-override\tpermits individual register values, read-modify-write",
    "",
    "\tValues to set, each is a hex byte, (default do not change)",
    ...NTC2_WRITABLE.map((r) => `\t[-${r} byte]`),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const p8 = f.has("-p8") || f.has("-prequired");
    const p9 = f.has("-p9");
    const override = f.has("-override");
    const changes = NTC2_WRITABLE.filter((r) => f.has(`-${r}`));
    for (const r of changes)
      if (f.number(`-${r}`)! > 0xff) throw new UsageError(`bad parameter for -${r}: expected one hex byte`);
    if (p8 && p9) throw new UsageError("-p8 and -p9 cannot both be specified");
    if ((p8 || p9) && override) throw new UsageError("cannot have both -override and -p8 or -p9");
    if (!(p8 || p9 || override)) throw new UsageError("need either -p8, -p9, or -override");
    if (override && changes.length === 0) throw new UsageError("-override requires at least one value to set");
    if ((p8 || p9) && changes.length) throw new UsageError("-p8 and -p9 cannot specify a value to set");
    const tss = await ctx.tss();
    let config: Ntc2Config;
    if (override) {
      config = { ...((await tss.execute(TPM_CC.NTC2_GetConfig, {})).preConfig as Ntc2Config) };
      for (const r of changes) config[r] = f.number(`-${r}`)!;
    } else config = requiredConfig(p9);
    const wrong = fixedConfigErrors(config);
    if (wrong.length) {
      ctx.print(wrong.map((e) => `${e}\n`).join(""));
      throw new Error(`refused: ${wrong[0]} (TPM_RC_RANGE)`);
    }
    await tss.execute(TPM_CC.NTC2_PreConfig, { preConfig: config });
    ctx.result({ preConfig: config });
  },
};
