/**
 * A swtpm this test owns as a process (pid, fixed ports, SIGSTOP/SIGKILL, restart
 * on the same ports and state), for failure tests the shared fixture cannot do.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/swtpm.js";

/** A swtpm process under the test's control. */
export interface OwnedSwtpm {
  readonly host: string;
  readonly port: number;
  readonly ctrlPort: number;
  readonly pid: number;
  /** Freezes swtpm (it accepts bytes but never answers). */
  freeze(): void;
  /** Kills swtpm at once (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
  /** Starts swtpm again on the same ports and state. */
  restart(): Promise<void>;
  /** Kills swtpm and removes the state. */
  dispose(): Promise<void>;
}

async function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/**
 * Starts swtpm (startup-clear) on fresh ports; `bind` may be "::1" for IPv6.
 * Another process may take a port between freePort() and swtpm's bind: swtpm then
 * exits ("Address already in use") and the first launch is retried on new ports; a
 * restart keeps its ports and retries the bind for up to 10 s.
 */
export async function startOwnedSwtpm(options: { bind?: string; startup?: boolean } = {}): Promise<OwnedSwtpm> {
  const host = options.bind ?? "127.0.0.1";
  const stateDir = mkdtempSync(join(tmpdir(), "tss-transport-swtpm-"));
  let port = 0;
  let ctrlPort = 0;
  let child: ChildProcess | undefined;
  const exitOnParentExit = () => child?.kill("SIGKILL");
  process.once("exit", exitOnParentExit);
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGKILL");
    await exited;
  };
  /** One launch on the current ports; true once both ports answer, false if swtpm exited or `ms` passed. */
  const launch = async (ms: number): Promise<boolean> => {
    const flags = options.startup === false ? "not-need-init" : "not-need-init,startup-clear";
    const c = spawn(
      "swtpm",
      [
        "socket",
        "--tpm2",
        "--tpmstate",
        `dir=${stateDir}`,
        "--server",
        `type=tcp,port=${port},bindaddr=${host}`,
        "--ctrl",
        `type=tcp,port=${ctrlPort},bindaddr=${host}`,
        "--flags",
        flags,
      ],
      { stdio: "ignore" },
    );
    child = c;
    const gone = () => c.exitCode !== null || c.signalCode !== null;
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !gone()) {
      if ((await canConnect(host, ctrlPort)) && (await canConnect(host, port)) && !gone()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    await kill();
    return false;
  };
  const start = async () => {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      ctrlPort = await freePort();
      while (ctrlPort === port) ctrlPort = await freePort();
      if (await launch(10_000)) return;
      if (attempt >= 4) throw new Error("swtpm did not start");
    }
  };
  const restart = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await launch(Math.max(1000, deadline - Date.now()))) return;
      if (Date.now() >= deadline) throw new Error(`swtpm did not restart on ports ${port}/${ctrlPort}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    host,
    get port() {
      return port;
    },
    get ctrlPort() {
      return ctrlPort;
    },
    get pid() {
      return child?.pid ?? -1;
    },
    freeze: () => child?.kill("SIGSTOP"),
    kill,
    restart,
    async dispose() {
      await kill();
      process.off("exit", exitOnParentExit);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
