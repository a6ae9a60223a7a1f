// tpmproxy as a separate process: `tss tpmproxy` forwards to the swtpm its
// environment selects; other `tss` processes (and IBM's utilities) talk to it
// in MS-sim or raw framing; its log file holds every command and response in
// the IBM proxy's layout; SIGTERM stops it with exit status 0.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, runIbm, runTss, startCliEnv, TSS_BIN } from "./support/cli-runner.js";

const IBM = haveIbmTss();

/** A running `tss tpmproxy` and what it printed so far. */
interface ProxyProcess {
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  /** Standard output alone. */
  stdout(): string;
  /** SIGTERM, then the exit status. */
  stop(): Promise<number | null>;
}

/**
 * Starts `tss tpmproxy -p 0 ...`: the proxy binds a port the OS picks (no gap in
 * which another test could take it) and names it on standard output ("Opening
 * socket at port n" under -v, the "listening" record under --json); `args` must
 * hold -v or --json.
 */
async function startProxy(cli: CliEnv, ...args: string[]): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [TSS_BIN, "tpmproxy", "-p", "0", ...args], {
    env: cli.env,
    cwd: cli.dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let stdout = "";
  let announced: (() => void) | undefined;
  child.stdout!.on("data", (d) => {
    out += d;
    stdout += d;
    announced?.();
  });
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const portIn = () => {
    const m = /Opening socket at port (\d+)\n/.exec(stdout) ?? /"event":"listening".*"port":(\d+)/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tpmproxy named no port within 20 s:\n${out}`)), 20_000);
    announced = () => {
      const p = portIn();
      if (p === undefined) return;
      clearTimeout(timer);
      resolve(p);
    };
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tpmproxy exited (${code}) before listening:\n${out}`));
    });
  });
  announced = undefined;
  return {
    port,
    child,
    output: () => out,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("tpmproxy against swtpm", () => {
  let cli: CliEnv;
  const proxies: ProxyProcess[] = [];
  beforeAll(async () => {
    cli = await startCliEnv();
  }, 180_000);
  afterAll(async () => {
    for (const p of proxies) await p.stop();
    await cli?.stop();
  });

  it("MS-sim clients: getrandom and createprimary through the proxy; the log shows the command bytes", async () => {
    const proxy = await startProxy(cli, "-l", "traffic.log", "-v");
    proxies.push(proxy);
    const env = { ...cli.env, TPM_COMMAND_PORT: String(proxy.port) };
    const random = await runTss(["getrandom", "-by", "8"], env, { cwd: cli.dir });
    expect(random.code, random.err).toBe(0);
    const bytes = /randomBytes length 8\n((?: [0-9a-f]{2}){8})/.exec(random.out)![1]!.trim().toUpperCase();
    const created = await runTss(["createprimary", "-hi", "o", "-ecc", "nistp256"], env, { cwd: cli.dir });
    expect(created.code, created.err).toBe(0);
    const handle = handleOf(created.out);
    // The object outlives the client's connection; a later client flushes it.
    expect((await runTss(["flushcontext", "-ha", handle], env, { cwd: cli.dir })).code).toBe(0);
    expect(await proxy.stop()).toBe(0);
    const log = readFileSync(join(cli.dir, "traffic.log"), "utf8");
    // TPM2_GetRandom(8), no sessions; its response carries the bytes getrandom printed.
    expect(log).toContain("Command length 12\n 80 01 00 00 00 0C 00 00 01 7B 00 08 \n");
    expect(log).toContain(`Response length 20\n 80 01 00 00 00 14 00 00 00 00 00 08 ${bytes.slice(0, 11)}`);
    // TPM2_CreatePrimary (0x131) with a password session, and FlushContext of the handle.
    expect(log).toMatch(/Command length \d+\n 80 02 [0-9A-F ]{12}00 00 01 31 40 00 00 01 /);
    expect(log).toContain(`00 00 01 65 ${handle.toUpperCase().match(/../g)!.join(" ")} \n`);
    // -v: the same traffic on standard output.
    expect(proxy.output()).toContain("tpmproxy: server type mssim");
    expect(proxy.output()).toContain("Command length 12\n 80 01 00 00 00 0C 00 00 01 7B 00 08 \n");
  });

  it.skipIf(!IBM)("raw clients: IBM's tssgetrandom (TPM_SERVER_TYPE=raw) through a -raw proxy", async () => {
    const proxy = await startProxy(cli, "-raw", "-v", "--log", "raw.log");
    proxies.push(proxy);
    const env = {
      PATH: cli.env.PATH,
      TPM_INTERFACE_TYPE: "socsim",
      TPM_SERVER_NAME: "127.0.0.1",
      TPM_SERVER_TYPE: "raw",
      TPM_COMMAND_PORT: String(proxy.port),
      TPM_PLATFORM_PORT: cli.env.TPM_PLATFORM_PORT,
      TPM_DATA_DIR: join(cli.dir, ".ibm"),
    };
    const r = await runIbm("getrandom", ["-by", "16"], env, { cwd: cli.dir });
    expect(r.code, r.out).toBe(0);
    expect(await proxy.stop()).toBe(0);
    expect(readFileSync(join(cli.dir, "raw.log"), "utf8")).toContain(
      "Command length 12\n 80 01 00 00 00 0C 00 00 01 7B 00 10 \n",
    );
  });

  it("--idle-timeout: a client that never sends is dropped and the waiting one served; --json -v prints JSON Lines", async () => {
    const proxy = await startProxy(cli, "--json", "-v", "--idle-timeout", "1");
    proxies.push(proxy);
    // The first client connects and sends nothing: it holds the proxy until the idle timeout.
    const silent = connect({ host: "127.0.0.1", port: proxy.port });
    const silentClosed = new Promise<number>((resolve) => silent.once("close", () => resolve(Date.now())));
    silent.on("error", () => {});
    // Connected first, it is first in the listen queue: the proxy serves it before getrandom.
    await new Promise<void>((resolve) => silent.once("connect", () => resolve()));
    let dropped = false;
    void silentClosed.then(() => (dropped = true));
    const env = { ...cli.env, TPM_COMMAND_PORT: String(proxy.port) };
    const random = await runTss(["getrandom", "-by", "8"], env, { cwd: cli.dir });
    expect(random.code, random.err).toBe(0);
    // getrandom was served after the silent client was dropped (the order of the
    // records below shows it too), not instead of it or never.
    expect(dropped).toBe(true);
    expect(await proxy.stop()).toBe(0);
    type Rec = { event: string; message?: string; bytes?: string; commandCount?: number; [k: string]: unknown };
    const records = proxy
      .stdout()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Rec);
    expect(records[0]).toEqual({
      event: "listening",
      host: "127.0.0.1",
      port: proxy.port,
      serverType: "mssim",
      idleTimeout: 1,
    });
    const idle = records.find((r) => r.event === "log");
    expect(idle?.message).toMatch(/^client: 127\.0\.0\.1:\d+ sent no command for 1 s: disconnected \(idle timeout\)$/);
    expect(typeof idle?.time).toBe("string");
    expect(records.indexOf(idle!)).toBeLessThan(records.findIndex((r) => r.event === "command"));
    // -v under --json: each command and response as hex; TPM2_GetRandom(8) is among them.
    const commands = records.filter((r) => r.event === "command");
    expect(commands.map((r) => r.bytes)).toContain("80010000000c0000017b0008");
    expect(records.filter((r) => r.event === "response")).toHaveLength(commands.length);
    expect(records.at(-1)).toEqual({ event: "stopped", commandCount: commands.length });
    expect(records.filter((r) => r.event === "listening")).toHaveLength(1);
  });

  it("usage: -h exits 1; a bad port is refused", async () => {
    const help = await cli.tss("tpmproxy", "-h");
    expect(help.code).toBe(1);
    expect(help.out).toContain("--log,-l log transactions into given file");
    expect(help.out).toContain("--idle-timeout <seconds> disconnect the client being served");
    expect(help.out).toContain('{"event":"listening"');
    const long = await cli.tss("tpmproxy", "--idle-timeout", "9999999");
    expect(long.code).toBe(1);
    expect(long.out + long.err).toContain("--idle-timeout illegal value 9999999");
    const bad = await cli.tss("tpmproxy", "-p", "70000");
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toContain("illegal value 70000");
  });
});
