/** A private swtpm for the kit's own tests (raw and MS-sim framing on one port). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Starts swtpm with Startup done; resolves once its command port answers. */
export async function startTestSwtpm(): Promise<{ host: string; port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "tss-kit-swtpm-"));
  const port = await freePort();
  let ctrl = await freePort();
  while (ctrl === port) ctrl = await freePort();
  const child = spawn(
    "swtpm",
    [
      "socket",
      "--tpm2",
      "--tpmstate",
      `dir=${dir}`,
      "--server",
      `type=tcp,port=${port},bindaddr=127.0.0.1`,
      "--ctrl",
      `type=tcp,port=${ctrl},bindaddr=127.0.0.1`,
      "--flags",
      "not-need-init,startup-clear",
    ],
    { stdio: "ignore" },
  );
  const killer = () => child.kill("SIGKILL");
  process.once("exit", killer);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect({ host: "127.0.0.1", port: ctrl });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error("swtpm did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    host: "127.0.0.1",
    port,
    async stop() {
      process.off("exit", killer);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
