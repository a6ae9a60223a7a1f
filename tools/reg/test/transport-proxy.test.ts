/**
 * The tpm_proxy (startTpmProxy): one upstream connection, clients served one
 * after another in MS-sim or raw framing, objects outliving client connections.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { MssimTransport, startTpmProxy, type TpmProxy } from "@tss/transport-mssim";
import { testCommands } from "@tss/transport-testkit";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";
import { readPublic } from "./support/transport-commands.js";

const { getRandom, createPrimaryRsaStorage, firstResponseHandle, flushContext, responseCode } = testCommands;

/** A TCP relay to swtpm that counts the connections made through it. */
async function countingRelay(target: {
  host: string;
  port: number;
}): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let n = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    n++;
    const outbound = connect({ host: target.host, port: target.port, noDelay: true });
    inbound.setNoDelay(true);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as { port: number }).port,
    count: () => n,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe("tpm_proxy", () => {
  let tpm: Swtpm;
  let relay: Awaited<ReturnType<typeof countingRelay>>;
  let upstream: MssimTransport;
  let mssimProxy: TpmProxy;
  let rawProxy: TpmProxy;
  const clientErrors: Error[] = [];
  beforeAll(async () => {
    tpm = await startSwtpm();
    relay = await countingRelay(tpm);
    upstream = new MssimTransport({ host: "127.0.0.1", port: relay.port, serverType: "raw" });
    mssimProxy = await startTpmProxy({
      transport: upstream,
      serverType: "mssim",
      onClientError: (e) => clientErrors.push(e),
    });
    rawProxy = await startTpmProxy({ transport: upstream, serverType: "raw" });
  });
  afterAll(async () => {
    await mssimProxy.close();
    await rawProxy.close();
    await upstream.close();
    await relay.close();
    await tpm.stop();
  });

  it("objects outlive the client connection that created them (one upstream connection)", async () => {
    const a = new MssimTransport({ host: mssimProxy.host, port: mssimProxy.port });
    const created = await a.send(createPrimaryRsaStorage());
    expect(responseCode(created)).toBe(0);
    const handle = firstResponseHandle(created);
    await a.close();
    const b = new MssimTransport({ host: rawProxy.host, port: rawProxy.port, serverType: "rawsingle" });
    expect(responseCode(await b.send(readPublic(handle)))).toBe(0);
    expect(responseCode(await b.send(flushContext(handle)))).toBe(0);
    expect(responseCode(await b.send(readPublic(handle)))).not.toBe(0);
    expect(b.connectionCount).toBe(4); // three commands, and the probe's own connection before the first
    await b.close();
    expect(relay.count()).toBe(1);
  });

  it("serves clients one after another: a second client waits until the first leaves", async () => {
    const first = new MssimTransport({ host: mssimProxy.host, port: mssimProxy.port });
    const second = new MssimTransport({ host: mssimProxy.host, port: mssimProxy.port });
    expect(responseCode(await first.send(getRandom(4)))).toBe(0);
    let secondDone = false;
    const pending = second.send(getRandom(4)).then((r) => {
      secondDone = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(secondDone).toBe(false);
    expect(responseCode(await first.send(getRandom(4)))).toBe(0);
    await first.close();
    expect(responseCode(await pending)).toBe(0);
    await second.close();
  });

  it("locality in an MS-sim frame is forwarded to the upstream transport", async () => {
    const seen: (number | undefined)[] = [];
    const recording = {
      send: (c: Uint8Array, o?: { locality?: number }) => {
        seen.push(o?.locality);
        return upstream.send(c);
      },
      close: async () => undefined,
    };
    const proxy = await startTpmProxy({ transport: recording });
    // No probe: only the two commands below reach the recording transport.
    const client = new MssimTransport({ host: proxy.host, port: proxy.port, probe: false });
    await client.send(getRandom(4), { locality: 3 });
    await client.send(getRandom(4));
    await client.close();
    await proxy.close();
    expect(seen).toEqual([3, 0]);
  });

  it("a client speaking nonsense is dropped; the next client is served", async () => {
    const before = clientErrors.length;
    const junk = connect({ host: mssimProxy.host, port: mssimProxy.port });
    await new Promise((r) => junk.once("connect", r));
    const closed = new Promise<void>((r) => junk.once("close", () => r()));
    junk.on("error", () => undefined);
    junk.write(Uint8Array.of(0, 0, 0, 99, 1, 2, 3));
    await closed;
    expect(clientErrors.length).toBe(before + 1);
    const good = new MssimTransport({ host: mssimProxy.host, port: mssimProxy.port });
    expect(responseCode(await good.send(getRandom(4)))).toBe(0);
    await good.close();
    expect(relay.count()).toBe(1);
  });

  describeTransportConformance("transport conformance through the proxy (MS-sim clients)", () => ({
    open: () => new MssimTransport({ host: mssimProxy.host, port: mssimProxy.port }),
  }));
  describeTransportConformance("transport conformance through the proxy (raw clients)", () => ({
    open: () => new MssimTransport({ host: rawProxy.host, port: rawProxy.port, serverType: "raw" }),
  }));
});
