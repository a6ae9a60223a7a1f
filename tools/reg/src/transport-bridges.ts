/**
 * socat bridges to a swtpm command port (raw framing): a pseudo-terminal (a
 * serial TPM) or a FIFO pair (a character device's one-write/one-read exchange).
 * A bridge ends by itself when swtpm stops (socat sees the TCP connection close).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running bridge. */
export interface SocatBridge {
  /** The PTY link, or the command FIFO. */
  readonly path: string;
  /** The response FIFO (FIFO bridges only). */
  readonly responsePath: string;
  stop(): Promise<void>;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

/** `socat PTY,link=<dir>/ttyTPM,raw,echo=0 TCP:host:port` (it survives the line being closed and reopened). */
export async function startPtyBridge(host: string, port: number): Promise<SocatBridge> {
  const dir = mkdtempSync(join(tmpdir(), "tss-pty-"));
  const path = join(dir, "ttyTPM");
  const child = spawn("socat", [`PTY,link=${path},raw,echo=0`, `TCP:${host}:${port}`], { stdio: "ignore" });
  process.once("exit", () => child.kill("SIGKILL"));
  await waitFor(() => existsSync(path), "the socat PTY");
  return { path, responsePath: "", stop: stopper(child, dir) };
}

/**
 * `socat 'OPEN:cmd,rdwr!!OPEN:rsp,rdwr' TCP:host:port`: commands in cmd, responses
 * out of rsp. socat holds both FIFOs read-write, so it never sees an end of file
 * when the transport closes and reopens them.
 */
export async function startFifoBridge(host: string, port: number): Promise<SocatBridge> {
  const dir = mkdtempSync(join(tmpdir(), "tss-fifo-"));
  const path = join(dir, "cmd");
  const responsePath = join(dir, "rsp");
  const mk = spawn("mkfifo", [path, responsePath]);
  await new Promise((r) => mk.once("exit", r));
  const child = spawn("socat", [`OPEN:${path},rdwr!!OPEN:${responsePath},rdwr`, `TCP:${host}:${port}`], {
    stdio: "ignore",
  });
  process.once("exit", () => child.kill("SIGKILL"));
  // socat has the TCP connection once swtpm's one connection slot is taken; give it a moment.
  await new Promise((r) => setTimeout(r, 100));
  return { path, responsePath, stop: stopper(child, dir) };
}
