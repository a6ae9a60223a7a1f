// Interop with tpm2-tools (tpm2-tss ESAPI) on the same swtpm: an NV index and a
// key made by tpm2-tools used by this stack with salted, encrypting HMAC
// sessions, and the reverse. The two stacks take turns on swtpm's one connection.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TPM_RH, TPMA_NV, TPMA_SESSION } from "@tss/marshal";
import { afterAll, expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";
import { ordinaryNvIndex, rsaStorageKey } from "./support/templates.js";

const work = mkdtempSync(join(tmpdir(), "tss-interop-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const empty = new Uint8Array(0);
const { continueSession, decrypt, encrypt } = TPMA_SESSION;

describeMatrix(
  "interop with tpm2-tools",
  (ctx, combination) => {
    const tools = (args: string[]) =>
      execFileSync(args[0]!, args.slice(1), {
        env: { ...process.env, TPM2TOOLS_TCTI: `swtpm:host=127.0.0.1,port=${ctx().tpm.port}` },
        cwd: work,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    const suffix = combination.crypto.name === "forge" ? 0 : 8;

    it("uses an NV index and a persistent key made by tpm2-tools, with salted AES sessions", async () => {
      const nvIndex = 0x01500020 + suffix;
      const keyHandle = 0x81000010 + suffix;
      const data = Buffer.from("written by tpm2-tools, 32 bytes!");
      writeFileSync(join(work, "in.bin"), data);
      await ctx().release();
      tools([
        "tpm2_nvdefine",
        `0x${nvIndex.toString(16)}`,
        "-C",
        "o",
        "-s",
        "32",
        "-a",
        "authread|authwrite|no_da",
        "-p",
        "nvpass",
      ]);
      tools([
        "tpm2_nvwrite",
        `0x${nvIndex.toString(16)}`,
        "-C",
        `0x${nvIndex.toString(16)}`,
        "-P",
        "nvpass",
        "-i",
        "in.bin",
      ]);
      tools(["tpm2_createprimary", "-C", "o", "-g", "sha256", "-G", "rsa2048:aes128cfb", "-c", `prim${suffix}.ctx`]);
      tools(["tpm2_evictcontrol", "-C", "o", "-c", `prim${suffix}.ctx`, `0x${keyHandle.toString(16)}`]);

      const { tss } = ctx();
      const pub = await tss.nvReadPublic({ nvIndex });
      expect(pub.nvPublic.nvPublic.dataSize).toBe(32);
      const session = await startAuthSession(tss, { cipher: "aes128", tpmKey: keyHandle });
      const read = await tss.nvRead(
        { authHandle: nvIndex, nvIndex, size: 32, offset: 0 },
        { sessions: [{ handle: session, password: "nvpass", attributes: continueSession | encrypt }] },
      );
      expect(Buffer.from(read.data)).toEqual(data);
      const mine = Buffer.from("written back by tss, 32 bytes!!!");
      await tss.nvWrite(
        { authHandle: nvIndex, nvIndex, data: mine, offset: 0 },
        { sessions: [{ handle: session, password: "nvpass", attributes: continueSession | decrypt }] },
      );
      await tss.flushContext({ flushHandle: session });
      await ctx().release();
      tools([
        "tpm2_nvread",
        `0x${nvIndex.toString(16)}`,
        "-C",
        `0x${nvIndex.toString(16)}`,
        "-P",
        "nvpass",
        "-s",
        "32",
        "-o",
        "out.bin",
      ]);
      expect(readFileSync(join(work, "out.bin"))).toEqual(mine);
    });

    it("makes a persistent key and an NV index that tpm2-tools reads, with the same Names", async () => {
      const nvIndex = 0x01500021 + suffix;
      const keyHandle = 0x81000011 + suffix;
      const { tss } = ctx();
      const primary = await tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: rsaStorageKey() },
        outsideInfo: empty,
        creationPCR: [],
      });
      await tss.evictControl({ auth: TPM_RH.OWNER, objectHandle: primary.objectHandle, persistentHandle: keyHandle });
      await tss.flushContext({ flushHandle: primary.objectHandle });
      const session = await startAuthSession(tss, {
        cipher: "aes128",
        tpmKey: keyHandle,
        bind: TPM_RH.OWNER,
        bindPassword: "",
      });
      await tss.nvDefineSpace(
        {
          authHandle: TPM_RH.OWNER,
          auth: new TextEncoder().encode("pw2"),
          publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 16, TPMA_NV.AUTHREAD) },
        },
        { sessions: [{ handle: session, password: "", attributes: continueSession | decrypt }] },
      );
      const data = Buffer.from("sixteen bytes!!!");
      await tss.nvWrite(
        { authHandle: nvIndex, nvIndex, data, offset: 0 },
        { sessions: [{ handle: session, password: "pw2", attributes: continueSession | decrypt }] },
      );
      const nvPub = await tss.nvReadPublic({ nvIndex });
      await tss.flushContext({ flushHandle: session });
      await ctx().release();
      const readPublic = tools(["tpm2_readpublic", "-c", `0x${keyHandle.toString(16)}`]);
      expect(readPublic).toContain(`name: ${hex(primary.name)}`);
      const nvPublicText = tools(["tpm2_nvreadpublic", `0x${nvIndex.toString(16)}`]);
      expect(nvPublicText).toContain(hex(nvPub.nvName));
      tools([
        "tpm2_nvread",
        `0x${nvIndex.toString(16)}`,
        "-C",
        `0x${nvIndex.toString(16)}`,
        "-P",
        "pw2",
        "-s",
        "16",
        "-o",
        "out2.bin",
      ]);
      expect(readFileSync(join(work, "out2.bin"))).toEqual(data);
    });
  },
  { filter: { needsCrypto: true, transports: ["mssim"] }, swtpm: { adjacentPorts: true } },
);
