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

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/**
 * Starts swtpm with Startup done; resolves once both its ports answer. Another
 * process may take a port between freePort() and swtpm's bind: swtpm then exits
 * ("Address already in use") and the launch is retried on new ports.
 */
export async function startTestSwtpm(): Promise<{ host: string; port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "tss-kit-swtpm-"));
  for (let attempt = 1; ; attempt++) {
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
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    let exited = false;
    const exitedPromise = new Promise<void>((r) =>
      child.once("exit", () => {
        exited = true;
        r();
      }),
    );
    const killer = () => child.kill("SIGKILL");
    process.once("exit", killer);
    const deadline = Date.now() + 10_000;
    let up = false;
    while (!exited && Date.now() < deadline) {
      if ((await canConnect(ctrl)) && (await canConnect(port)) && !exited) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!up) {
      process.off("exit", killer);
      child.kill("SIGKILL");
      await exitedPromise;
      if (attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`swtpm did not start: ${stderr.trim() || "no output"}`);
      }
      continue;
    }
    return {
      host: "127.0.0.1",
      port,
      async stop() {
        process.off("exit", killer);
        if (!exited) {
          child.kill("SIGTERM");
          await exitedPromise;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
