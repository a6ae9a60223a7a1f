/**
 * The hidden bench mode (#bench): GetRandom round trips per second, and
 * commands per second through one HMAC session (salted, response encryption),
 * measured in the page over the WebSocket proxy. The figures go to
 * #bench-result as JSON for `npm run bench` and the Chromium test.
 */
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import { byId, runAction } from "../dom.js";
import { withSaltKey } from "../salted-session.js";
import type { PageTpm } from "../tpm-connection.js";

/** The page's figures. */
export interface BenchFigures {
  readonly getRandomPerSecond: number;
  readonly hmacSessionCommandsPerSecond: number;
  readonly milliseconds: number;
}

const empty = new Uint8Array(0);

/** Runs `call` repeatedly for `ms` milliseconds (after 5 warm-up calls); calls per second. */
async function rate(ms: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await call();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await call();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Measures both figures, `ms` milliseconds each. */
export async function measure(page: PageTpm, ms: number): Promise<BenchFigures> {
  const getRandomPerSecond = await rate(ms, () => page.tss.getRandom({ bytesRequested: 16 }));
  const hmacSessionCommandsPerSecond = await withSaltKey(page, async (tpmKey) => {
    const { sessionHandle } = await page.tss.startAuthSession({
      tpmKey,
      bind: TPM_RH.NULL,
      nonceCaller: empty,
      encryptedSalt: empty,
      sessionType: TPM_SE.HMAC,
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      authHash: TPM_ALG_ID.SHA256,
    });
    try {
      const sessions = [{ handle: sessionHandle, attributes: TPMA_SESSION.continueSession | TPMA_SESSION.encrypt }];
      return await rate(ms, () => page.tss.getRandom({ bytesRequested: 16 }, { sessions }));
    } finally {
      await page.tss.flushContext({ flushHandle: sessionHandle }).catch(() => undefined);
    }
  });
  return { getRandomPerSecond, hmacSessionCommandsPerSecond, milliseconds: ms };
}

/** Shows the bench section and runs the measurement. */
export async function runBench(page: PageTpm, ms: number): Promise<void> {
  const section = byId("bench");
  section.hidden = false;
  await runAction("bench", async () => {
    const figures = await measure(page, ms);
    byId("bench-result").textContent = JSON.stringify(figures);
  });
  section.dataset.done = "true";
}
