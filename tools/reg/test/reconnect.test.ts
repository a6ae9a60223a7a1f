// Reconnection (issue 9, fault 11): a simulator restart of up to 2 s is ridden
// out without failing queued commands (only the command in flight when it went
// down may fail: the TPM may have run it, so it is never resent); a second
// client of a simulator that serves one connection at a time is told why within
// the connect timeout; a send whose signal is not an AbortSignal is refused.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TssError } from "@tss/marshal";
import { MssimTransport, type ServerType } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";

const GET_RANDOM_8 = Uint8Array.of(0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8);

for (const serverType of ["mssim", "raw", "rawsingle"] as ServerType[]) {
  describe(`reconnection [${serverType}]`, () => {
    let dir: string;
    let tpm: Swtpm;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "tss-restart-"));
      tpm = await startSwtpm({ stateDir: dir });
    });
    afterAll(async () => {
      await tpm?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const downMs of [1000, 2000]) {
      it(`a restart of ${downMs} ms with 1,000 commands queued: only the one in flight may fail`, async () => {
        const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port, serverType }) });
        await tss.getRandom({ bytesRequested: 8 });
        const calls = Array.from({ length: 1000 }, () => tss.getRandom({ bytesRequested: 8 }));
        await new Promise((r) => setTimeout(r, 5));
        const { port, ctrlPort } = tpm;
        await tpm.stop();
        await new Promise((r) => setTimeout(r, downMs));
        tpm = await startSwtpm({ stateDir: dir, port, ctrlPort });
        const results = await Promise.allSettled(calls);
        const failed = results.filter((r) => r.status === "rejected");
        expect(failed.length).toBeLessThanOrEqual(1);
        for (const f of failed) expect(((f as PromiseRejectedResult).reason as TssError).code).toBe("BAD_CONNECTION");
        await tss.close();
      }, 30_000);
    }

    if (serverType !== "rawsingle") {
      it("a second client of a busy simulator is told why within the connect timeout, and nothing of it is sent", async () => {
        const first = new MssimTransport({ host: tpm.host, port: tpm.port, serverType });
        await first.send(GET_RANDOM_8);
        const second = new MssimTransport({ host: tpm.host, port: tpm.port, serverType, connectTimeoutMs: 1000 });
        const t0 = Date.now();
        const err = await second.send(GET_RANDOM_8).catch((e) => e);
        expect(Date.now() - t0).toBeLessThan(3000);
        expect(err).toBeInstanceOf(TssError);
        expect((err as TssError).code).toBe("BAD_CONNECTION");
        expect((err as TssError).message).toMatch(/serves another client/);
        await first.close();
        // Once the first client is gone, the second is served.
        expect((await second.send(GET_RANDOM_8)).length).toBe(20);
        await second.close();
      }, 30_000);
    }

    it("signal that is not an AbortSignal, and a bad locality, are BAD_PARAMETER; the process lives, nothing is sent", async () => {
      const t = new MssimTransport({ host: tpm.host, port: tpm.port, serverType });
      for (const options of [
        { signal: { aborted: false } },
        { signal: "x" },
        { signal: null },
        { locality: 7 },
        { locality: "0" },
      ]) {
        const err = await t.send(GET_RANDOM_8, options as never).catch((e) => e);
        expect((err as TssError).code, JSON.stringify(options)).toBe("BAD_PARAMETER");
      }
      expect(t.connectionCount).toBe(0);
      expect((await t.send(GET_RANDOM_8)).length).toBe(20);
      await t.close();
    });
  });
}
