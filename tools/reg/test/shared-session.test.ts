// Two processes share one HMAC session through TPM_DATA_DIR at the same time, as
// the IBM utilities in a script do: each reads the session's state from the file
// under its lock before each use, so neither ever sends a stale nonce (which the
// TPM answers with TPM_RC_AUTH_FAIL). Runs the built packages in child processes.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_RH } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";
import { startAuthSession } from "./support/sessions.js";
import { ordinaryNvIndex } from "./support/templates.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const worker = join(here, "support", "shared-session-worker.mjs");
const KEY = "00112233445566778899aabbccddeeff";

let tpm: Swtpm;
let dir: string;

beforeAll(async () => {
  // `npm test` builds first; a bare vitest run builds what the worker imports.
  if (!existsSync(join(root, "packages", "tss", "dist", "index.js"))) {
    await run("pnpm", ["exec", "turbo", "run", "build", "--filter", "@tss/reg...", "--output-logs=errors-only"], {
      cwd: root,
    });
  }
  tpm = await startSwtpm();
  dir = mkdtempSync(join(tmpdir(), "tss-shared-"));
}, 180_000);
afterAll(async () => {
  await tpm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("two processes, one shared session, 200 commands each at random moments: all succeed", async () => {
  const nvIndex = 0x01700040;
  const tss = createTss({
    transport: new MssimTransport({ host: tpm.host, port: tpm.port }),
    crypto: createWebCrypto(),
    store: new FileStore(dir),
    properties: { TPM_SESSION_ENCKEY: KEY },
  });
  const enc = new TextEncoder();
  await tss.nvDefineSpace({
    authHandle: TPM_RH.OWNER,
    auth: enc.encode("shared"),
    publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 8) },
  });
  await tss.nvReadPublic({ nvIndex });
  await tss.nvWrite(
    { authHandle: nvIndex, nvIndex, data: enc.encode("together"), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW, password: "shared" }] },
  );
  const session = await startAuthSession(tss, { cipher: "aes128" });
  await tss.close(); // swtpm serves one connection at a time: let the workers in

  const env = { ...process.env, TPM_SESSION_ENCKEY: KEY };
  const args = [worker, String(tpm.port), dir, String(session), String(nvIndex), "200"];
  const results = await Promise.all(
    [0, 1].map(() => run(process.execPath, args, { env, timeout: 120_000 }).then((r) => JSON.parse(r.stdout))),
  );
  for (const r of results) expect(r).toEqual({ ok: 200, failed: 0, errors: [] });
}, 180_000);
