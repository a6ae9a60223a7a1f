/**
 * The page: reads the token from the URL fragment and config.json, opens the
 * TSS over the WebSocket proxy, wires every panel, and fills the TPM, PCR and
 * NV panels once connected.
 */
import { byId, runAction, setText } from "./dom.js";
import { errorText } from "./error-text.js";
import { loadPageConfig, readPageOptions } from "./page-config.js";
import { setUpAttestation } from "./panels/attestation.js";
import { runBench } from "./panels/bench.js";
import { setUpEk } from "./panels/ek.js";
import { setUpKeys } from "./panels/keys.js";
import { setUpNv, showNvIndexes } from "./panels/nv.js";
import { setUpPcrs, showPcrs } from "./panels/pcrs.js";
import { setUpRandom } from "./panels/random.js";
import { setUpTpmInfo, showTpmInfo } from "./panels/tpm-info.js";
import { openPageTpm } from "./tpm-connection.js";

async function start(): Promise<void> {
  const options = readPageOptions();
  const status = byId("status");
  if (options.token === undefined) {
    status.textContent =
      "Not connected: the page needs the proxy's token in its address (#token=...); open the URL `npm run web` printed.";
    status.dataset.state = "refused";
    byId("panels").inert = true;
    return;
  }
  const config = await loadPageConfig();
  const page = openPageTpm(options.token, config);
  setUpTpmInfo(page);
  setUpPcrs(page);
  setUpRandom(page);
  setUpNv(page);
  setUpKeys(page);
  setUpEk(page);
  setUpAttestation(page);
  try {
    await page.tss.getRandom({ bytesRequested: 1 });
  } catch (e) {
    status.textContent = `Not connected: ${errorText(e)}`;
    status.dataset.state = "refused";
    byId("panels").inert = true;
    return;
  }
  status.textContent = "Connected to the TPM through the WebSocket proxy.";
  status.dataset.state = "connected";
  await runAction("tpm", () => showTpmInfo(page));
  await runAction("pcr", () => showPcrs(page));
  await runAction("nv", () => showNvIndexes(page));
  if (options.bench) await runBench(page, 2000);
  document.body.dataset.ready = "true";
}

start().catch((e: unknown) => {
  setText("status", `The page failed to start: ${errorText(e)}`);
  byId("status").dataset.state = "failed";
});
