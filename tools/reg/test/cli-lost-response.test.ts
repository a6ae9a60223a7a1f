// A lost response across CLI processes (one process per utility, Names shared in
// TPM_DATA_DIR): `tss nvwrite` through an HMAC session whose response is dropped
// (the process exits 1), then `tss nvread -sz` (no NV_ReadPublic of its own) through
// a new HMAC session in a new process, on a DA-protected index (-at da): the second
// process re-reads the Name the lost write may have changed (TPMA_NV_WRITTEN), the
// read works and TPM_PT_LOCKOUT_COUNTER does not move. The same when the nvwrite
// process is killed (SIGKILL) while its response is held back: nothing of it runs
// after the command is sent, so the mark is left in TPM_DATA_DIR before sending.
// And `tss evictcontrol` evicting a persistent key, killed likewise, then another
// application's key made persistent at that handle: `tss sign` through an HMAC
// session uses the new key's Name.
// Every process reaches swtpm through the fault proxy.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/fault-proxy.js";
import { type CliEnv, handleOf, runTss, startCliEnv, TSS_BIN } from "./support/cli-runner.js";

const NV_WRITE = 0x137;
const EVICT_CONTROL = 0x120;

let cli: CliEnv;
let proxy: FaultProxy;
/** Runs `tss <args>` through the proxy; fails the test on a non-zero exit. */
const ok = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.code, `tss ${args.join(" ")}:\n${r.out}${r.err}`).toBe(0);
  return r.out;
};
/** The CLI's environment with the proxy as the command port. */
const proxied = () => ({ ...cli.env, TPM_COMMAND_PORT: String(proxy.port) });
/** Runs `tss <args>` through the proxy. */
const run = (...args: string[]) => runTss(args, proxied(), { cwd: cli.dir });
/** TPM_PT_LOCKOUT_COUNTER, from `getcapability --json`. */
const lockoutCounter = async (): Promise<number> => {
  const out = JSON.parse(await ok("getcapability", "-cap", "6", "-pr", "20e", "-pc", "1", "--json"));
  const props = out.data.tpmProperties as { property: number; value: number }[];
  return props.find((p) => p.property === 0x20e)!.value;
};

/**
 * Runs `tss <args>` and kills it (SIGKILL) once the TPM has answered the command
 * `commandCode` (it ran) while the proxy holds the response back.
 */
async function killedAfterTpmAnswered(commandCode: number, ...args: string[]): Promise<void> {
  proxy.faultNext({ kind: "delay", ms: 30_000 }, (cc) => cc === commandCode);
  const delayed = proxy.stats().faults.delay;
  const child = spawn(process.execPath, [TSS_BIN, ...args], { env: proxied(), cwd: cli.dir, stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const deadline = Date.now() + 20_000;
    while (proxy.stats().faults.delay === delayed) {
      if (Date.now() > deadline) throw new Error(`${args[0]}: the response never reached the proxy`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

beforeAll(async () => {
  cli = await startCliEnv();
  proxy = await startFaultProxy({
    target: { host: cli.tpm.host, port: cli.tpm.port },
    framing: "mssim",
    ctrlPort: cli.tpm.ctrlPort,
  });
}, 180_000);
afterAll(async () => {
  await proxy?.close();
  await cli?.stop();
});

it("nvwrite's response lost: the next process's nvread through an HMAC session re-reads the Name, no DA failure", async () => {
  // The first authorization of a DA-protected entity after Startup is answered
  // TPM_RC_RETRY (and retried): write once first, so the dropped response below is
  // that of a write that ran.
  await ok("nvdefinespace", "-ha", "0100002f", "-hi", "o", "-pwdn", "w", "-sz", "8", "-at", "da");
  await ok("nvwrite", "-ha", "0100002f", "-pwdn", "w", "-ic", "warm-up!");
  await ok("nvundefinespace", "-ha", "0100002f", "-hi", "o");

  await ok("nvdefinespace", "-ha", "01000020", "-hi", "o", "-pwdn", "da-pw", "-sz", "8", "-at", "da");
  const before = await lockoutCounter();
  // Recorded in TPM_DATA_DIR with TPMA_NV_WRITTEN clear.
  await ok("nvreadpublic", "-ha", "01000020");
  const first = handleOf(await ok("startauthsession", "-se", "h"));
  proxy.faultNext({ kind: "drop-close" }, (cc) => cc === NV_WRITE);
  const lost = await run("nvwrite", "-ha", "01000020", "-pwdn", "da-pw", "-ic", "12345678", "-se0", first, "1");
  expect(lost.code).not.toBe(0);

  const second = handleOf(await ok("startauthsession", "-se", "h"));
  const read = await ok("nvread", "-ha", "01000020", "-pwdn", "da-pw", "-sz", "8", "-se0", second, "0");
  expect(read).toContain("31 32 33 34 35 36 37 38");
  expect(await lockoutCounter()).toBe(before);
  await ok("nvundefinespace", "-ha", "01000020", "-hi", "o");
}, 60_000);

it("nvwrite killed while its response is held back: the next process's nvread through an HMAC session re-reads the Name, no DA failure", async () => {
  await ok("nvdefinespace", "-ha", "01000021", "-hi", "o", "-pwdn", "da-pw", "-sz", "8", "-at", "da");
  const before = await lockoutCounter();
  await ok("nvreadpublic", "-ha", "01000021");
  const session = handleOf(await ok("startauthsession", "-se", "h"));
  await killedAfterTpmAnswered(
    NV_WRITE,
    "nvwrite",
    "-ha",
    "01000021",
    "-pwdn",
    "da-pw",
    "-ic",
    "killed!!",
    "-se0",
    session,
    "1",
  );

  const fresh = handleOf(await ok("startauthsession", "-se", "h"));
  const read = await ok("nvread", "-ha", "01000021", "-pwdn", "da-pw", "-sz", "8", "-se0", fresh, "0");
  expect(read).toContain("6b 69 6c 6c 65 64 21 21");
  expect(await lockoutCounter()).toBe(before);
  await ok("nvundefinespace", "-ha", "01000021", "-hi", "o");
}, 60_000);

it("evictcontrol killed while its response is held back, another application's key made persistent there: sign through an HMAC session uses its Name", async () => {
  await ok("createprimary", "-hi", "o", "-ecc", "nistp256", "-si", "-da");
  await ok("evictcontrol", "-hi", "o", "-ho", "80000000", "-hp", "81000002");
  await ok("flushcontext", "-ha", "80000000");
  const before = await lockoutCounter();
  await killedAfterTpmAnswered(EVICT_CONTROL, "evictcontrol", "-hi", "o", "-ho", "81000002", "-hp", "81000002");

  // Another application, with its own TPM_DATA_DIR, puts an RSA key (another Name) there.
  const other = join(cli.dir, "other-app");
  mkdirSync(other);
  const elsewhere = (...args: string[]) => runTss(args, { ...proxied(), TPM_DATA_DIR: other }, { cwd: other });
  for (const args of [
    ["createprimary", "-hi", "o", "-si", "-da"],
    ["evictcontrol", "-hi", "o", "-ho", "80000000", "-hp", "81000002"],
    ["flushcontext", "-ha", "80000000"],
  ]) {
    const r = await elsewhere(...args);
    expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(0);
  }

  writeFileSync(join(cli.dir, "msg.bin"), "a message to sign");
  const session = handleOf(await ok("startauthsession", "-se", "h"));
  await ok("sign", "-hk", "81000002", "-if", "msg.bin", "-salg", "rsa", "-se0", session, "0");
  expect(await lockoutCounter()).toBe(before);
  await ok("evictcontrol", "-hi", "o", "-ho", "81000002", "-hp", "81000002");
}, 60_000);
