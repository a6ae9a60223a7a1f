// Round trips per second of every transport against swtpm, beside bare floors.
// Run after a build (pnpm build), pinned to one CPU:
//   taskset -c 0 node packages/transport-mssim/bench/transports.mjs
// swtpm is started pinned to CPU 0 as well; socat bridges inherit the pinning.

import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";

// Resolve the workspace packages (built dist) through tools/reg, which depends on all of them.
const reg = createRequire(new URL("../../../tools/reg/package.json", import.meta.url));
const load = (name) => import(pathToFileURL(reg.resolve(name)).href);
const { COMMANDS, marshalCommand } = await load("@tss/marshal");
const { MssimTransport, startTpmProxy } = await load("@tss/transport-mssim");
const { DeviceTransport, SerialTransport, fifoPairOpener } = await load("@tss/transport-device");
const { TbsTransport } = await load("@tss/transport-tbs");
const { startSwtpm } = await load("@tss/reg");
const { startPtyBridge, startFifoBridge } = await import(
  new URL("../../../tools/reg/dist/transport-bridges.js", import.meta.url).href
);
const { tbsDouble } = await import(new URL("../../../tools/reg/dist/transport-tbs-double.js", import.meta.url).href);
const { SerialPort } = await import(
  pathToFileURL(createRequire(new URL("../../transport-device/package.json", import.meta.url)).resolve("serialport"))
    .href
);

const MS = Number(process.env.BENCH_MS ?? 3000);
const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
/** GetRandom(16) answers header (10) + TPM2B size (2) + 16 bytes. */
const RESPONSE_SIZE = 28;

async function opsPerSecond(fn, ms = MS) {
  // Warm up until the JIT has settled (1 s or 2000 round trips, whichever is first).
  const warm = performance.now();
  for (let i = 0; i < 2000 && performance.now() - warm < 1000; i++) await fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 20; i++) await fn();
    n += 20;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** A bare socket: same bytes, one in flight, no checks. `ibm`: four small writes, Nagle on. */
async function socketFloor(host, port, framing, ibm = false) {
  const s = await new Promise((resolve, reject) => {
    const x = connect({ host, port, noDelay: !ibm });
    x.once("connect", () => resolve(x));
    x.once("error", reject);
  });
  let buf = Buffer.alloc(0);
  let done;
  s.on("data", (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    const want =
      framing === "mssim"
        ? buf.length >= 4
          ? 8 + buf.readUInt32BE(0)
          : -1
        : buf.length >= 6
          ? buf.readUInt32BE(2)
          : -1;
    if (want > 0 && buf.length >= want) {
      buf = Buffer.alloc(0);
      done();
    }
  });
  const frame = Buffer.alloc(9 + command.length);
  frame.writeUInt32BE(8, 0);
  frame.writeUInt32BE(command.length, 5);
  frame.set(command, 9);
  return {
    roundTrip: () =>
      new Promise((resolve) => {
        done = resolve;
        if (framing !== "mssim") s.write(command);
        else if (!ibm) s.write(frame);
        else
          for (const [a, b] of [
            [0, 4],
            [4, 5],
            [5, 9],
            [9, frame.length],
          ])
            s.write(frame.subarray(a, b));
      }),
    close: () => new Promise((r) => s.end(r)),
  };
}

const rows = [];
async function measure(label, setup) {
  const { fn, close } = await setup();
  try {
    const ops = await opsPerSecond(fn);
    rows.push([label, ops]);
    console.log(
      `  ${label.padEnd(58)} ${ops.toFixed(0).padStart(7)} round trips/s  ${(1e6 / ops).toFixed(1).padStart(8)} us`,
    );
  } finally {
    await close();
  }
}

const transportCase = (make) => async () => {
  const t = await make();
  return { fn: () => t.send(command), close: () => t.close() };
};

console.log("GetRandom(16) round trips against swtpm (libtpms), one in flight, swtpm and client pinned to CPU 0");
let tpm = await startSwtpm({ cpu: 0 });
try {
  await measure("floor: bare net.Socket, MS-sim frame in one write", async () => {
    const f = await socketFloor(tpm.host, tpm.port, "mssim");
    return { fn: f.roundTrip, close: f.close };
  });
  await measure("floor: bare net.Socket, raw bytes", async () => {
    const f = await socketFloor(tpm.host, tpm.port, "raw");
    return { fn: f.roundTrip, close: f.close };
  });
  await measure("IBM-style: MS-sim frame in 4 writes, Nagle on", async () => {
    const f = await socketFloor(tpm.host, tpm.port, "mssim", true);
    return { fn: f.roundTrip, close: f.close };
  });
  await measure(
    "MssimTransport mssim",
    transportCase(() => new MssimTransport({ host: tpm.host, port: tpm.port })),
  );
  await measure(
    "MssimTransport raw",
    transportCase(() => new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "raw" })),
  );
  await measure(
    "MssimTransport rawsingle (a connection per command)",
    transportCase(() => new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "rawsingle" })),
  );
  await measure(
    "TbsTransport over a TBS double (JS, TCP to swtpm)",
    transportCase(() => new TbsTransport({ binding: tbsDouble(tpm) })),
  );
  await measure("tpm_proxy: MssimTransport -> proxy -> MssimTransport raw", async () => {
    const upstream = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "raw" });
    const proxy = await startTpmProxy({ transport: upstream });
    const client = new MssimTransport({ host: proxy.host, port: proxy.port });
    return {
      fn: () => client.send(command),
      close: async () => {
        await client.close();
        await proxy.close();
        await upstream.close();
      },
    };
  });
} finally {
  await tpm.stop();
}

// Bridged paths: socat adds a hop (and a process) on the same CPU; each has its own floor.
tpm = await startSwtpm({ cpu: 0 });
try {
  const pty = await startPtyBridge(tpm.host, tpm.port);
  await measure("floor: bare serialport write/read on the socat PTY", async () => {
    const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
    await new Promise((r, j) => port.open((e) => (e ? j(e) : r())));
    let got = 0;
    let done;
    port.on("data", (d) => {
      got += d.length;
      if (got >= RESPONSE_SIZE) {
        got = 0;
        done();
      }
    });
    return {
      fn: () =>
        new Promise((r) => {
          done = r;
          port.write(command);
        }),
      close: () => new Promise((r) => port.close(r)),
    };
  });
  await measure(
    "SerialTransport over the socat PTY",
    transportCase(() => new SerialTransport({ path: pty.path })),
  );
  await pty.stop();
} finally {
  await tpm.stop();
}
tpm = await startSwtpm({ cpu: 0 });
try {
  const fifo = await startFifoBridge(tpm.host, tpm.port);
  await measure("floor: bare fs write/read on the socat FIFO pair", async () => {
    const w = await open(fifo.path, "w");
    const r = await open(fifo.responsePath, "r");
    const buf = new Uint8Array(4096);
    return {
      fn: async () => {
        await w.write(command);
        let got = 0;
        while (got < RESPONSE_SIZE) got += (await r.read(buf, got, 4096 - got, null)).bytesRead;
      },
      close: async () => {
        await w.close();
        await r.close();
      },
    };
  });
  await measure(
    "DeviceTransport (node:fs) over the socat FIFO pair",
    transportCase(() => new DeviceTransport({ path: fifo.path, open: fifoPairOpener(fifo.path, fifo.responsePath) })),
  );
  await fifo.stop();
} finally {
  await tpm.stop();
}
