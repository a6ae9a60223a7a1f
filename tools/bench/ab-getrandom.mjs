// Two builds of the plain path side by side: GetRandom(16) with no session through
// createTss + MssimTransport of build A and of build B (each on its own swtpm, all
// pinned to one CPU by the caller), and the MS-sim floor, measured as pairs of
// blocks back to back (paired-ratio.mjs). Prints, per repeat, A and B over the
// floor and B over A: the A/B figure of a change to the per-command path.
//
//   tools/bench/copy-packages.sh /tmp/ab/a     # before the change (built)
//   ... change, pnpm build ...
//   tools/bench/copy-packages.sh /tmp/ab/b
//   taskset -c 0 node tools/bench/ab-getrandom.mjs /tmp/ab/a /tmp/ab/b [repeats]
import { COMMANDS, marshalCommand } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { formatPairedRatio, pairedRatio } from "./paired-ratio.mjs";
import { openRawFloor } from "./raw-floor.mjs";

const [rootA, rootB, repeats = "3"] = process.argv.slice(2);
if (!rootA || !rootB) throw new Error("usage: node ab-getrandom.mjs <build A> <build B> [repeats]");

/** A tss of the build copied at `root` (copy-packages.sh) on `tpm`. */
async function tssOf(root, tpm) {
  const { createTss } = await import(`${root}/tss/dist/node.js`);
  const { MssimTransport } = await import(`${root}/transport-mssim/dist/index.js`);
  return createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
}

const tpms = [await startSwtpm({ cpu: 0 }), await startSwtpm({ cpu: 0 }), await startSwtpm({ cpu: 0 })];
try {
  const floor = await openRawFloor(tpms[0].host, tpms[0].port);
  const a = await tssOf(rootA, tpms[1]);
  const b = await tssOf(rootB, tpms[2]);
  const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
  const ops = {
    floor: () => floor.roundTrip(command),
    a: () => a.getRandom({ bytesRequested: 16 }),
    b: () => b.getRandom({ bytesRequested: 16 }),
  };
  console.log("GetRandom, no session: median [10th-90th percentile] of the pairs");
  for (let k = 0; k < Number(repeats); k++) {
    const aOverFloor = await pairedRatio(ops.floor, ops.a);
    const bOverFloor = await pairedRatio(ops.floor, ops.b);
    const bOverA = await pairedRatio(ops.a, ops.b, { pairs: 100 });
    console.log(
      `A / floor ${formatPairedRatio(aOverFloor)}   B / floor ${formatPairedRatio(bOverFloor)}   B / A ${formatPairedRatio(bOverA)}`,
    );
  }
  await floor.close();
  await a.close();
  await b.close();
} finally {
  for (const t of tpms) await t.stop();
}
