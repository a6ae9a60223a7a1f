/**
 * The test fixture: a private swtpm (libtpms TPM 2.0) on free loopback ports with a
 * temporary state folder, stopped on every path (test end, failure, interrupt, and
 * the parent dying: swtpm runs under a shell that kills it when our pipe closes).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running swtpm. */
export interface Swtpm {
  readonly host: string;
  /** TPM command port (MS-sim or raw framing). */
  readonly port: number;
  /** swtpm control channel port. */
  readonly ctrlPort: number;
  readonly stateDir: string;
  /** Stops swtpm and removes its state; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startSwtpm}. */
export interface SwtpmOptions {
  /** Send TPM2_Startup(CLEAR) at start (swtpm's startup-clear flag). Default true. */
  readonly startup?: boolean;
  /** Pin swtpm to one CPU with taskset (for benchmarks). */
  readonly cpu?: number;
  /** Reuse an existing state folder (not removed on stop). */
  readonly stateDir?: string;
  /** Control port = command port + 1, as tpm2-tss's swtpm TCTI expects. */
  readonly adjacentPorts?: boolean;
  /** Fixed ports (a restart on the ports of a stopped swtpm); default: free ones. */
  readonly port?: number;
  readonly ctrlPort?: number;
}

/** True when the swtpm binary is on PATH. */
export function haveSwtpm(): boolean {
  return spawnSync("swtpm", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

const running = new Set<ChildProcess>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const c of running) c.kill("SIGKILL");
  };
  process.once("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
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

/** Starts a private swtpm and waits until its ports answer. */
export async function startSwtpm(options: SwtpmOptions = {}): Promise<Swtpm> {
  hookExit();
  const host = "127.0.0.1";
  for (let attempt = 0; ; attempt++) {
    const ownState = options.stateDir === undefined;
    const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "tss-swtpm-"));
    const port = options.port ?? (await freePort());
    let ctrlPort = options.ctrlPort ?? (options.adjacentPorts ? port + 1 : await freePort());
    while (ctrlPort === port) ctrlPort = await freePort();
    const flags = options.startup === false ? "not-need-init" : "not-need-init,startup-clear";
    const swtpmArgs = [
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
    ];
    const cmd =
      options.cpu !== undefined
        ? ["taskset", "-c", String(options.cpu), "swtpm", ...swtpmArgs]
        : ["swtpm", ...swtpmArgs];
    const quoted = cmd.map((a) => `'${a}'`).join(" ");
    // The shell kills swtpm when our end of its stdin closes (we exit, or are killed).
    const child = spawn("sh", ["-c", `${quoted} & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid`], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    running.add(child);
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    let exited = false;
    child.once("exit", () => {
      exited = true;
      running.delete(child);
    });
    const stop = async () => {
      if (!exited) {
        const done = new Promise<void>((r) => child.once("exit", () => r()));
        child.stdin?.end();
        const t = setTimeout(() => child.kill("SIGKILL"), 3000);
        await done;
        clearTimeout(t);
      }
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    };
    const deadline = Date.now() + 10_000;
    let up = false;
    while (Date.now() < deadline && !exited) {
      if ((await canConnect(host, ctrlPort)) && (await canConnect(host, port))) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (up) return { host, port, ctrlPort, stateDir, stop };
    await stop();
    if (attempt >= 3) throw new Error(`swtpm did not start: ${stderr.trim() || "no output"}`);
  }
}
