// The raw floor: the same MS-sim framed bytes over a bare net.Socket with
// TCP_NODELAY, one command in flight, no marshalling and no checks.
import { connect } from "node:net";

/** Opens a bare socket and returns { roundTrip(bytes) -> Promise<Uint8Array>, close() }. */
export async function openRawFloor(host, port) {
  const socket = await new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
  // As little as a client can do: no copy when the frame arrives in one chunk
  // (the usual case), a pooled Buffer per command frame.
  const EMPTY = Buffer.alloc(0);
  let buf = EMPTY;
  let want = -1;
  let done;
  socket.on("data", (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    if (want < 0 && buf.length >= 4) want = 4 + buf.readUInt32BE(0) + 4;
    if (want >= 0 && buf.length >= want) {
      const r = buf.subarray(4, want - 4);
      buf = EMPTY;
      want = -1;
      done(r);
    }
  });
  return {
    roundTrip(command) {
      const frame = Buffer.allocUnsafe(9 + command.length);
      frame.writeUInt32BE(8, 0);
      frame[4] = 0;
      frame.writeUInt32BE(command.length, 5);
      frame.set(command, 9);
      return new Promise((resolve) => {
        done = resolve;
        socket.write(frame);
      });
    },
    close: () => new Promise((r) => socket.end(r)),
  };
}

/** Runs `fn` repeatedly for `ms` milliseconds (after a warm-up) and returns operations per second. */
export async function opsPerSecond(fn, ms = 2000) {
  for (let i = 0; i < 200; i++) await fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
