/** nvread: TPM2_NV_Read, in chunks of the TPM's NV buffer size. */
import { derToPemCertificate, trimDer } from "@tss/ekcert";
import { certificateText } from "../certificate-text.js";
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvBufferMax, nvIndexFlag } from "../nv-flags.js";
import { hex8, printAll } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** nvread -ha index [-pwdn] [-hia o|p] [-sz n] [-off n] [-of file] [-cert] [-ocert file] [-id pinCount pinLimit]. */
export const nvread: Utility = {
  name: "nvread",
  summary: "Runs TPM2_NV_Read",
  flags: {
    "-ha": "hex",
    "-pwdn": "string",
    "-hia": "string",
    "-sz": "dec",
    "-off": "dec",
    "-of": "string",
    "-cert": "switch",
    "-ocert": "string",
    "-id": "dec2",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "\t-ha\tNV index handle",
    "\t[-pwdn\tpassword for NV index (default empty)]",
    "\t[-sz\tdata size (default to size of index)]",
    "\t\tcounter, bits, pin read 8 bytes, extend reads based on hash algorithm",
    "\t[-cert\tdumps the certificate",
    "\t01c00002\tRSA EK certificate",
    "\t01c0000a\tECC EK certificate",
    "\t[-ocert\t certificate file name, writes in PEM format",
    "\t[-off\t offset (default 0)]",
    "\t[-of\t data file (default do not save)]",
    "\t[-id\tdata values for pinCount and pinLimit verification, (4 bytes each)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    const offset = f.number("-off") ?? 0;
    // Both are UINT16 in the command, as IBM's checks them.
    for (const flag of ["-sz", "-off"])
      if ((f.number(flag) ?? 0) > 0xffff) throw new UsageError(`${flag} ${f.number(flag)} out of range`);
    const tss = await ctx.tss();
    let size = f.number("-sz");
    if (size === undefined) {
      // The default is the rest of the index: NV_ReadPublic also records its Name for the session HMACs.
      const pub = await tss.nvReadPublic({ nvIndex });
      size = Math.max(0, (pub.nvPublic.nvPublic as { dataSize: number }).dataSize - offset);
    }
    const expected = f.pair("-id");
    if (expected && size !== 8) throw new UsageError(`-id needs read length 8, is ${size}`);
    const sessions = ctx.sessions(true, f.string("-pwdn"))!;
    const chunk = size ? await nvBufferMax(tss) : 0;
    const data = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = Math.min(chunk, size - done);
      const out = await tss.nvRead({ authHandle, nvIndex, size: n, offset: offset + done }, { sessions });
      if (out.data.length !== n) throw new Error(`NV_Read returned ${out.data.length} bytes, ${n} asked`);
      data.set(out.data, done);
      done += n;
    }
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, data);
    // -cert prints the DER certificate the index holds instead of the data; -ocert writes it as PEM.
    if (!f.has("-cert")) {
      // As IBM's: under -v the success line comes before the data.
      if (ctx.verbose) ctx.printSuccess();
      ctx.print(printAll("nvread: data", data));
    }
    ctx.result({ nvIndex: hex8(nvIndex), offset, size, data });
    if (f.has("-cert") || f.has("-ocert")) {
      const der = trimDer(data);
      if (f.has("-cert")) ctx.print(certificateText(der));
      const ocert = f.string("-ocert");
      if (ocert !== undefined) await ctx.writeFile(ocert, new TextEncoder().encode(derToPemCertificate(der)));
    }
    // -id: a PIN index's pinCount and pinLimit compared with the values expected (IBM's regression aid).
    if (expected) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const [pinCount, pinLimit] = [view.getUint32(0), view.getUint32(4)];
      if (pinCount !== expected[0]) throw new Error(`Expected pinCount ${expected[0]} Actual ${pinCount}`);
      if (pinLimit !== expected[1]) throw new Error(`Expected pinLimit ${expected[1]} Actual ${pinLimit}`);
    }
  },
};
