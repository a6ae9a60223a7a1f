/**
 * @tss/transport-tbs on Linux: the transport's logic through a TbsBinding double
 * that behaves as TBS documents (backed by swtpm), and the koffi binding itself
 * against a stand-in tbs library compiled from packages/transport-tbs/test/fake-tbs.c.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TssError } from "@tss/marshal";
import {
  createTransportFromProperties,
  loadKoffiTbsBinding,
  TBS_RESULT,
  TbsTransport,
  tbsResultText,
} from "@tss/transport-tbs";
import { testCommands } from "@tss/transport-testkit";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";
import { type TbsDouble, tbsDouble } from "../src/transport-tbs-double.js";

const { getRandom, createPrimaryRsaStorage, contextSave, firstResponseHandle, flushContext, responseCode } =
  testCommands;

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

describe("TbsTransport through a TBS binding double on swtpm", () => {
  let tpm: Swtpm;
  beforeAll(async () => {
    tpm = await startSwtpm();
  });
  afterAll(async () => tpm.stop());

  it("creates a TPM 2.0 context (version 2, includeTpm20), submits, closes", async () => {
    const binding = tbsDouble(tpm);
    const t = new TbsTransport({ binding });
    const r = await t.send(getRandom(16));
    expect(responseCode(r)).toBe(0);
    expect(r.length).toBe(28);
    await t.close();
    expect(binding.calls).toEqual([
      "Tbsi_GetDeviceInfo",
      "Tbsi_Context_Create",
      "Tbsip_Submit_Command",
      "Tbsip_Context_Close",
    ]);
  });

  it("a response larger than the buffer: TBS_E_INSUFFICIENT_BUFFER as a DEVICE error; the context still works", async () => {
    const t = new TbsTransport({ binding: tbsDouble(tpm), maxResponseSize: 512 });
    const created = await t.send(createPrimaryRsaStorage());
    const handle = firstResponseHandle(created);
    const e = await rejection(t.send(contextSave(handle)));
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/TBS_E_INSUFFICIENT_BUFFER \(0x80284005\).*raise maxResponseSize/);
    expect(responseCode(await t.send(flushContext(handle)))).toBe(0);
    await t.close();
  });

  it("a context closed behind our back: BAD_CONNECTION, then a new context", async () => {
    const binding: TbsDouble = tbsDouble(tpm);
    const t = new TbsTransport({ binding });
    expect(responseCode(await t.send(getRandom(4)))).toBe(0);
    binding.invalidateAll();
    const e = await rejection(t.send(getRandom(4)));
    expect(e.code).toBe("BAD_CONNECTION");
    expect(e.message).toMatch(/TBS_E_INVALID_CONTEXT/);
    expect(responseCode(await t.send(getRandom(4)))).toBe(0);
    expect(binding.calls.filter((c) => c === "Tbsi_Context_Create")).toHaveLength(2);
    await t.close();
  });

  it("a blocked command is a DEVICE error naming the policy", async () => {
    const t = new TbsTransport({ binding: tbsDouble({ ...tpm, blocked: [0x17b] }) });
    const e = await rejection(t.send(getRandom(4)));
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/TPM_E_COMMAND_BLOCKED.*blocked TPM commands/);
    await t.close();
  });

  it("a TPM 1.2 machine is refused; locality other than 0 is UNSUPPORTED", async () => {
    const old = new TbsTransport({ binding: tbsDouble({ ...tpm, tpmVersion: 1 }) });
    expect((await rejection(old.send(getRandom(4)))).message).toMatch(/1\.2, not 2\.0/);
    const t = new TbsTransport({ binding: tbsDouble(tpm) });
    expect((await rejection(t.send(getRandom(4), { locality: 3 }))).code).toBe("UNSUPPORTED");
  });

  it("without a binding, off Windows, the transport says TBS is Windows-only", async () => {
    const t = (await createTransportFromProperties({})) as TbsTransport;
    const e = await rejection(t.send(getRandom(4)));
    expect(e.code).toBe(process.platform === "win32" ? expect.any(String) : "UNSUPPORTED");
  });

  it("result codes as text", () => {
    expect(tbsResultText(TBS_RESULT.TBS_E_TPM_NOT_FOUND)).toBe(
      "TBS_E_TPM_NOT_FOUND (0x8028400f): a compatible TPM cannot be found on this computer",
    );
    expect(tbsResultText(0x80284fff)).toBe("unknown TBS result (0x80284fff)");
    expect(tbsResultText(-2144845819)).toMatch(/^TBS_E_INSUFFICIENT_BUFFER/);
  });

  describeTransportConformance("transport conformance: TBS (binding double)", () => ({
    open: () => new TbsTransport({ binding: tbsDouble(tpm), responseTimeoutMs: 10_000 }),
  }));
});

const haveCc = spawnSync("cc", ["--version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!haveCc)("the koffi binding against a stand-in tbs library (cc-built, on swtpm)", () => {
  let tpm: Swtpm;
  let dir: string;
  let library: string;
  beforeAll(async () => {
    tpm = await startSwtpm();
    dir = mkdtempSync(join(tmpdir(), "tss-fake-tbs-"));
    library = join(dir, "libfaketbs.so");
    const source = fileURLToPath(new URL("../../../packages/transport-tbs/test/fake-tbs.c", import.meta.url));
    const cc = spawnSync("cc", ["-shared", "-fPIC", "-O1", "-o", library, source], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
    process.env.FAKE_TBS_PORT = String(tpm.port);
  });
  afterAll(async () => {
    await tpm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("Tbsi_GetDeviceInfo fills TPM_DEVICE_INFO through koffi", async () => {
    const binding = await loadKoffiTbsBinding(library);
    expect(await binding.getDeviceInfo()).toEqual({
      result: 0,
      info: { structVersion: 1, tpmVersion: 2, tpmInterfaceType: 1, tpmImpRevision: 0x10001 },
    });
  });

  it("context create / submit / close; in-out length; INSUFFICIENT_BUFFER; bad context", async () => {
    const binding = await loadKoffiTbsBinding(library);
    const bad = await binding.contextCreate({ version: 2, flags: 2 });
    expect(bad.result).toBe(TBS_RESULT.TBS_E_INVALID_CONTEXT_PARAM);
    const { result, context } = await binding.contextCreate({ version: 2, flags: 4 });
    expect(result).toBe(0);
    const buffer = new Uint8Array(100);
    const sub = await binding.submitCommand(context, 0, 200, getRandom(8), buffer);
    expect(sub).toEqual({ result: 0, resultLength: 20 });
    expect(responseCode(buffer.subarray(0, 20))).toBe(0);
    const small = await binding.submitCommand(context, 0, 200, getRandom(8), new Uint8Array(12));
    expect(small.result).toBe(TBS_RESULT.TBS_E_INSUFFICIENT_BUFFER);
    expect((await binding.submitCommand(context, 1, 200, getRandom(8), buffer)).result).toBe(
      TBS_RESULT.TBS_E_BAD_PARAMETER,
    );
    expect(await binding.cancelCommands(context)).toBe(0);
    expect(await binding.contextClose(context)).toBe(0);
  });

  describeTransportConformance("transport conformance: TBS (koffi binding, stand-in library)", () => ({
    open: () => new TbsTransport({ binding: () => loadKoffiTbsBinding(library), responseTimeoutMs: 10_000 }),
  }));
});
