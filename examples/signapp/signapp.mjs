// The seed's signapp, as far as the stack goes: starts a private swtpm, talks to
// it through @tss/tss and @tss/transport-mssim, prints each step, stops swtpm.
import { TPM_ALG_ID } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { createTss } from "@tss/tss";
import { MssimTransport } from "@tss/transport-mssim";

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
let n = 0;
const step = (msg) => console.log(`[${++n}] ${msg}`);

const tpm = await startSwtpm();
step(`started swtpm on ${tpm.host}:${tpm.port} (state in ${tpm.stateDir})`);
const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
try {
  const { randomBytes } = await tss.getRandom({ bytesRequested: 16 });
  step(`GetRandom(16): ${hex(randomBytes)}`);
  const pcrs = await tss.pcrRead({ pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: new Uint8Array([0x03, 0, 0]) }] });
  pcrs.pcrValues.forEach((v, i) => step(`PCR_Read SHA-256 PCR ${i}: ${hex(v)}`));
} finally {
  await tss.close();
  await tpm.stop();
  step("stopped swtpm");
}
