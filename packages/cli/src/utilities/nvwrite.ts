/** nvwrite: TPM2_NV_Write, in chunks of the TPM's NV buffer size. */
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvBufferMax, nvIndexFlag } from "../nv-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** nvwrite -ha index [-pwdn] [-hia o|p] -ic string | -if file | -id pinPass pinLimit [-off n]. */
export const nvwrite: Utility = {
  name: "nvwrite",
  summary: "Runs TPM2_NV_Write",
  flags: {
    "-ha": "hex",
    "-pwdn": "string",
    "-hia": "string",
    "-ic": "string",
    "-if": "string",
    "-id": "dec2",
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
    "\t[-id\tdata values, pinPass and pinLimit (4 bytes each)]",
    "\t\tif none is specified, a 0 byte write occurs",
    "\t\t-id is normally used for pin pass or pin fail indexes",
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
    const pin = f.pair("-id");
    if ([ic, file, pin].filter((v) => v !== undefined).length > 1)
      throw new UsageError("more than one input data source (-if, -ic, -id)");
    let data: Uint8Array = new Uint8Array(0);
    if (ic !== undefined) data = new TextEncoder().encode(ic);
    else if (file !== undefined) data = await ctx.readFile(file);
    else if (pin) {
      // A PIN index's TPMS_NV_PIN_COUNTER_PARAMETERS: pinCount (pinPass), pinLimit, both big-endian.
      data = new Uint8Array(8);
      const view = new DataView(data.buffer);
      view.setUint32(0, pin[0]);
      view.setUint32(4, pin[1]);
    }
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
    ctx.result({ nvIndex: nvIndex.toString(16).padStart(8, "0"), offset, size: data.length });
  },
};
