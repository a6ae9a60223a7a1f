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

/** Starts swtpm (startup-clear) on fresh ports; `bind` may be "::1" for IPv6. */
export async function startOwnedSwtpm(options: { bind?: string; startup?: boolean } = {}): Promise<OwnedSwtpm> {
  const host = options.bind ?? "127.0.0.1";
  const stateDir = mkdtempSync(join(tmpdir(), "tss-transport-swtpm-"));
  const port = await freePort();
  let ctrlPort = await freePort();
  while (ctrlPort === port) ctrlPort = await freePort();
  let child: ChildProcess | undefined;
  const exitOnParentExit = () => child?.kill("SIGKILL");
  process.once("exit", exitOnParentExit);
  const start = async () => {
    const flags = options.startup === false ? "not-need-init" : "not-need-init,startup-clear";
    child = spawn(
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
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await canConnect(host, ctrlPort)) && (await canConnect(host, port))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("swtpm did not start");
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    host,
    port,
    ctrlPort,
    get pid() {
      return child?.pid ?? -1;
    },
    freeze: () => child?.kill("SIGSTOP"),
    kill,
    restart: start,
    async dispose() {
      await kill();
      process.off("exit", exitOnParentExit);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
