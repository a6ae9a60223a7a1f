// GetRandom round trips per second through the stack (createTss + MssimTransport)
// beside the raw floor, swtpm and this process pinned to CPU 0 by run.mjs. The
// two are measured in alternating one-second rounds and the medians compared,
// so background load hits both alike.
import { COMMANDS, marshalCommand } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { median, openRawFloor, opsPerSecond } from "./raw-floor.mjs";

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const tpm = await startSwtpm({ cpu: 0 });
try {
  const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
  const floors = [];
  const stacks = [];
  const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
  for (let i = 0; i < rounds; i++) {
    await tss.setProperty("TPM_SERVER_NAME", tpm.host); // closes the stack's connection: swtpm serves one
    const raw = await openRawFloor(tpm.host, tpm.port);
    floors.push(await opsPerSecond(() => raw.roundTrip(command), 1000));
    await raw.close();
    stacks.push(await opsPerSecond(() => tss.getRandom({ bytesRequested: 16 }), 1000));
  }
  await tss.close();
  const floor = median(floors);
  const stack = median(stacks);
  console.log(
    `GetRandom(16), no session, MS-sim framing over TCP to swtpm, pinned to CPU 0 (median of ${rounds} alternating rounds)`,
  );
  console.log(
    `  raw socket floor : ${floor.toFixed(0).padStart(7)} round trips/s  (${(1e6 / floor).toFixed(1)} us each)`,
  );
  console.log(
    `  through the stack: ${stack.toFixed(0).padStart(7)} round trips/s  (${(1e6 / stack).toFixed(1)} us each)`,
  );
  console.log(`  stack time / floor time: ${(floor / stack).toFixed(2)}x  (target: within 1.5x)`);
} finally {
  await tpm.stop();
}
