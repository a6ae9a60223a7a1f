/** nvwrite: TPM2_NV_Write, in chunks of the TPM's NV buffer size. */
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvBufferMax, nvIndexFlag } from "../nv-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** nvwrite -ha index [-pwdn] [-hia o|p] -ic string | -if file [-off n]. */
export const nvwrite: Utility = {
  name: "nvwrite",
  summary: "Runs TPM2_NV_Write",
  flags: {
    "-ha": "hex",
    "-pwdn": "string",
    "-hia": "string",
    "-ic": "string",
    "-if": "string",
    "-off": "dec",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "\t-ha\tNV index handle",
    "\t[-pwdn\tauthorization password (default empty)]",
    "\t\thierarchy or NV index password",
    "\t[-ic\tdata string]",
    "\t[-if\tdata file]",
    "\t\tif none is specified, a 0 byte write occurs",
    "\t[-off\toffset (default 0)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t20\tcommand decrypt",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    const ic = f.string("-ic");
    const file = f.string("-if");
    if (ic !== undefined && file !== undefined) throw new UsageError("more than one input data source (-if, -ic)");
    const data =
      ic !== undefined
        ? new TextEncoder().encode(ic)
        : file !== undefined
          ? await ctx.readFile(file)
          : new Uint8Array(0);
    const offset = f.number("-off") ?? 0;
    if (data.length + offset > 0xffff)
      throw new UsageError(`nvwrite: size ${data.length} at offset ${offset} too large`);
    const tss = await ctx.tss();
    const sessions = ctx.sessions(true, f.string("-pwdn"))!;
    const chunk = data.length ? await nvBufferMax(tss) : 0;
    let done = 0;
    do {
      const part = data.subarray(done, done + chunk);
      await tss.nvWrite({ authHandle, nvIndex, data: part, offset: offset + done }, { sessions });
      done += part.length;
    } while (done < data.length);
  },
};
