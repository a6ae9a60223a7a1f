/**
 * The test fixture: a private swtpm (libtpms TPM 2.0) on free loopback ports with a
 * temporary state folder, stopped on every path (test end, failure, interrupt, and
 * the parent dying: swtpm runs under a shell that kills it when our pipe closes).
 * For fault tests it can be restarted on the same ports and state, killed, frozen
 * and thawed.
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

/** A swtpm this fixture started: its process can be restarted, killed and frozen. */
export interface SwtpmProcess extends Swtpm {
  /** swtpm's own process id (not the shell's); changes on restart. */
  readonly pid: number;
  /**
   * Stops swtpm (SIGTERM: it saves its state as on a clean exit) keeping the
   * state folder, waits `downMs` (default 0), and starts it again on the same
   * command and control ports with the same flags (retrying the bind while a port
   * is still taken); resolves when both ports accept connections. The TPM keeps
   * its NV and persistent state; with the default flags it is started (Startup
   * CLEAR) again.
   */
  restart(options?: { readonly downMs?: number }): Promise<void>;
  /** Kills swtpm at once (SIGKILL, no state saved) and waits for it to be gone; restart() brings it back. */
  kill(): Promise<void>;
  /** Stops swtpm (SIGSTOP): connections are accepted by the kernel, nothing is answered. */
  freeze(): void;
  /** Resumes a frozen swtpm (SIGCONT). */
  thaw(): void;
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
  /** The address swtpm binds both ports to and clients connect to ("::1" for IPv6). Default "127.0.0.1". */
  readonly bind?: string;
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

/** True when `port` can be bound on loopback right now. */
async function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/**
 * Two free loopback ports `p` and `p + 1` (a command port and its platform port, as
 * the IBM and tpm2-tss conventions place them). Another process may still take either
 * before it is bound: callers that start a server retry on "Address already in use".
 */
export async function freeAdjacentPorts(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort();
    if (p < 65535 && (await canBind(p + 1))) return p;
  }
  throw new Error("no two adjacent free ports on loopback");
}

/** One swtpm process under its shell. */
interface Launched {
  readonly child: ChildProcess;
  /** swtpm's pid (the shell prints it first). */
  readonly pid: number;
  readonly exited: Promise<void>;
  isExited(): boolean;
  stderr(): string;
}

const running = new Set<Launched>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const l of running) {
      // swtpm itself first: a shell killed with SIGKILL cannot kill it.
      signal(l.pid, "SIGKILL");
      l.child.kill("SIGKILL");
    }
  };
  process.once("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Sends a signal to a pid, ignoring a process already gone. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns swtpm under a shell that prints swtpm's pid and kills it when our end of its stdin closes. */
async function launch(cmd: readonly string[]): Promise<Launched> {
  const quoted = cmd.map((a) => `'${a}'`).join(" ");
  const child = spawn("sh", ["-c", `${quoted} & pid=$!; echo $pid; cat >/dev/null; kill $pid 2>/dev/null; wait $pid`], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = "";
    const onData = (d: unknown) => {
      out += String(d);
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        child.stdout?.off("data", onData);
        resolve(Number(line.trim()));
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", reject);
    void exitedPromise.then(() => reject(new Error(`swtpm's shell exited: ${stderr.trim() || "no output"}`)));
  });
  child.stdout?.resume();
  const launched: Launched = { child, pid, exited: exitedPromise, isExited: () => exited, stderr: () => stderr };
  running.add(launched);
  void exitedPromise.then(() => running.delete(launched));
  return launched;
}

/**
 * Ends a launched swtpm: SIGCONT (a frozen one would not act on SIGTERM), SIGTERM
 * at once (not only through the shell: a restart test stops it mid-traffic),
 * then the shell reaps it; SIGKILL after 3 s.
 */
async function terminate(l: Launched): Promise<void> {
  if (l.isExited()) return;
  signal(l.pid, "SIGCONT");
  signal(l.pid, "SIGTERM");
  l.child.stdin?.end();
  const t = setTimeout(() => {
    signal(l.pid, "SIGKILL");
    l.child.kill("SIGKILL");
  }, 3000);
  await l.exited;
  clearTimeout(t);
}

/** Waits until both ports accept connections; false if swtpm exited or `ms` passed. */
async function waitUp(l: Launched, host: string, ports: readonly number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !l.isExited()) {
    // swtpm exits when a port is taken, but its shell lives on (it waits on stdin):
    // its message says so at once, where the ports alone would wait out the deadline.
    if (/Address already in use/i.test(l.stderr())) return false;
    let all = true;
    for (const p of ports) all &&= await canConnect(host, p);
    if (all && !l.isExited()) return true;
    await sleep(20);
  }
  return false;
}

/** Starts a private swtpm and waits until its ports answer. */
export async function startSwtpm(options: SwtpmOptions = {}): Promise<SwtpmProcess> {
  hookExit();
  const host = options.bind ?? "127.0.0.1";
  const flags = options.startup === false ? "not-need-init" : "not-need-init,startup-clear";
  const command = (stateDir: string, port: number, ctrlPort: number) => {
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
    // taskset execs swtpm: the pid the shell prints is swtpm's either way.
    return options.cpu !== undefined
      ? ["taskset", "-c", String(options.cpu), "swtpm", ...swtpmArgs]
      : ["swtpm", ...swtpmArgs];
  };
  for (let attempt = 0; ; attempt++) {
    const ownState = options.stateDir === undefined;
    const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "tss-swtpm-"));
    const port = options.port ?? (await freePort());
    let ctrlPort = options.ctrlPort ?? (options.adjacentPorts ? port + 1 : await freePort());
    while (ctrlPort === port) ctrlPort = await freePort();
    let current = await launch(command(stateDir, port, ctrlPort));
    let stopped = false;
    const stop = async () => {
      await terminate(current);
      if (ownState && !stopped) rmSync(stateDir, { recursive: true, force: true });
      stopped = true;
    };
    if (!(await waitUp(current, host, [ctrlPort, port], 10_000))) {
      const stderr = current.stderr();
      await stop();
      if (attempt >= 3) throw new Error(`swtpm did not start: ${stderr.trim() || "no output"}`);
      continue;
    }
    const fixture: SwtpmProcess = {
      host,
      port,
      ctrlPort,
      stateDir,
      get pid() {
        return current.pid;
      },
      stop,
      async restart(restartOptions = {}) {
        if (stopped) throw new Error("swtpm was stopped: start a new one");
        await terminate(current);
        if (restartOptions.downMs) await sleep(restartOptions.downMs);
        // The ports may still be taken for a moment (a socket in TIME_WAIT, a
        // slow exit): retry the bind for up to 10 s.
        const deadline = Date.now() + 10_000;
        for (;;) {
          current = await launch(command(stateDir, port, ctrlPort));
          if (await waitUp(current, host, [ctrlPort, port], Math.max(1000, deadline - Date.now()))) return;
          const stderr = current.stderr();
          await terminate(current);
          if (Date.now() >= deadline) {
            throw new Error(`swtpm did not restart on ports ${port}/${ctrlPort}: ${stderr.trim() || "no output"}`);
          }
          await sleep(100);
        }
      },
      async kill() {
        signal(current.pid, "SIGKILL");
        // The shell reaps swtpm once its stdin closes.
        await terminate(current);
      },
      freeze() {
        signal(current.pid, "SIGSTOP");
      },
      thaw() {
        signal(current.pid, "SIGCONT");
      },
    };
    return fixture;
  }
}
