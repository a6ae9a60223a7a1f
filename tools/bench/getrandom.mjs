// GetRandom round trips per second through the stack (createTss + MssimTransport)
// beside the raw floor, swtpm and this process pinned to CPU 0 by run.mjs.
import { COMMANDS, marshalCommand } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { openRawFloor, opsPerSecond } from "./raw-floor.mjs";

const tpm = await startSwtpm({ cpu: 0 });
try {
  const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
  const raw = await openRawFloor(tpm.host, tpm.port);
  const floor = await opsPerSecond(() => raw.roundTrip(command));
  await raw.close();
  const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
  const stack = await opsPerSecond(() => tss.getRandom({ bytesRequested: 16 }));
  await tss.close();
  console.log("GetRandom(16), no session, MS-sim framing over TCP to swtpm, pinned to CPU 0");
  console.log(
    `  raw socket floor : ${floor.toFixed(0).padStart(7)} round trips/s  (${(1e6 / floor).toFixed(1)} us each)`,
  );
  console.log(
    `  through the stack: ${stack.toFixed(0).padStart(7)} round trips/s  (${(1e6 / stack).toFixed(1)} us each)`,
  );
  console.log(`  stack / floor    : ${(stack / floor).toFixed(3)}  (floor time / stack time; 1.0 = no overhead)`);
} finally {
  await tpm.stop();
}
