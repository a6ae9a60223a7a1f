/**
 * DeviceTransport's read/write logic against scripted device files (partial
 * reads, bad sizes, end of file, OS errors, silence), and SerialTransport's
 * against a scripted port. The real-TPM runs (swtpm behind a FIFO pair and a
 * pseudo-terminal) are in tools/reg/test/transport-device.test.ts.
 */
import { EventEmitter } from "node:events";
import { TssError } from "@tss/marshal";
import { DeviceTransport, type SerialPortLike, SerialTransport, type TpmDeviceFile } from "@tss/transport-device";
import { describe, expect, it } from "vitest";

const COMMAND = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 4]);
const response = (fill: number) =>
  Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 4, fill, fill, fill, fill]);

/** A device file that answers each write with `answers[i]`, `chunk` bytes per read (or never, for undefined). */
function scriptedDevice(answers: (Uint8Array | undefined)[], chunk = 4096) {
  const writes: Uint8Array[] = [];
  let closes = 0;
  let opens = 0;
  const open = async (): Promise<TpmDeviceFile> => {
    opens++;
    let pending: Uint8Array | undefined;
    let offset = 0;
    let waiter: (() => void) | undefined;
    return {
      async write(bytes) {
        writes.push(bytes.slice());
        pending = answers.shift();
        offset = 0;
        waiter?.();
        return bytes.length;
      },
      async read(buffer, at, length) {
        while (!pending) await new Promise<void>((r) => (waiter = r));
        const n = Math.min(chunk, length, pending.length - offset);
        buffer.set(pending.subarray(offset, offset + n), at);
        offset += n;
        if (offset >= pending.length) pending = undefined;
        return n;
      },
      async close() {
        closes++;
      },
    };
  };
  return { open, writes, closes: () => closes, opens: () => opens };
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

describe("DeviceTransport", () => {
  it("writes the command once and reassembles a response read one byte at a time", async () => {
    const dev = scriptedDevice([response(7)], 1);
    const t = new DeviceTransport({ path: "/dev/fake", open: dev.open });
    expect(await t.send(COMMAND)).toEqual(response(7));
    expect(dev.writes).toEqual([COMMAND]);
    await t.close();
    expect(dev.closes()).toBe(1);
  });

  it("a response longer than its header says is MALFORMED_RESPONSE", async () => {
    const long = new Uint8Array([...response(1), 9, 9]);
    const t = new DeviceTransport({ path: "/dev/fake", open: scriptedDevice([long]).open });
    expect((await rejection(t.send(COMMAND))).code).toBe("MALFORMED_RESPONSE");
  });

  it("a header with a foreign tag or an impossible size is MALFORMED_RESPONSE", async () => {
    const badTag = response(1);
    badTag[0] = 0x12;
    const tiny = Uint8Array.from([0x80, 0x01, 0, 0, 0, 4, 0, 0, 0, 0]);
    for (const answer of [badTag, tiny]) {
      const t = new DeviceTransport({ path: "/dev/fake", open: scriptedDevice([answer]).open });
      expect((await rejection(t.send(COMMAND))).code).toBe("MALFORMED_RESPONSE");
    }
  });

  it("end of file in the middle of a response is BAD_CONNECTION; the next send reopens", async () => {
    let opens = 0;
    const t = new DeviceTransport({
      path: "/dev/fake",
      open: async () => {
        const first = opens++ === 0;
        let left: Uint8Array | undefined;
        return {
          write: async (b) => {
            left = first ? response(1).subarray(0, 12) : response(2);
            return b.length;
          },
          read: async (buffer, at) => {
            const n = left?.length ?? 0; // then end of file
            if (left) buffer.set(left, at);
            left = undefined;
            return n;
          },
          close: async () => undefined,
        };
      },
    });
    const e = await rejection(t.send(COMMAND));
    expect(e.code).toBe("BAD_CONNECTION");
    expect(e.message).toMatch(/ended after 12 response bytes/);
    expect(await t.send(COMMAND)).toEqual(response(2));
    expect(opens).toBe(2);
  });

  it("a short write is a DEVICE error", async () => {
    const t = new DeviceTransport({
      path: "/dev/fake",
      open: async () => ({ write: async () => 3, read: async () => 0, close: async () => undefined }),
    });
    expect((await rejection(t.send(COMMAND))).code).toBe("DEVICE");
  });

  const osErrors: [string, RegExp][] = [
    ["EACCES", /'tss' group.*usermod.*chmod/],
    ["EBUSY", /busy.*\/dev\/tpmrm0/],
    ["ENOENT", /does not exist/],
    ["EIO", /opening \/dev\/tpm0 failed/],
  ];
  for (const [code, text] of osErrors) {
    it(`${code} on open is a DEVICE error that says what to do`, async () => {
      const t = new DeviceTransport({
        path: "/dev/tpm0",
        open: async () => {
          throw Object.assign(new Error(`${code}: simulated`), { code });
        },
      });
      const e = await rejection(t.send(COMMAND));
      expect(e.code).toBe("DEVICE");
      expect(e.message).toMatch(text);
    });
  }

  it("a silent device: TIMEOUT; the next send waits out the owed response, then works", async () => {
    let release: ((b: Uint8Array) => void) | undefined;
    const queue: Uint8Array[] = [];
    let writes = 0;
    const t = new DeviceTransport({
      path: "/dev/slow",
      responseTimeoutMs: 150,
      open: async () => ({
        write: async (b) => {
          queue.push(writes++ === 0 ? response(1) : response(2)); // the first is answered late
          return b.length;
        },
        read: async (buffer, at) => {
          const next = queue.shift()!;
          if (next[12] === 1) await new Promise<void>((r) => (release = () => r()));
          buffer.set(next, at);
          return next.length;
        },
        close: async () => undefined,
      }),
    });
    expect((await rejection(t.send(COMMAND))).code).toBe("TIMEOUT");
    setTimeout(() => release?.(new Uint8Array()), 50);
    expect(await t.send(COMMAND)).toEqual(response(2));
  });

  it("an abort ends the wait at once", async () => {
    const dev = scriptedDevice([undefined]);
    const t = new DeviceTransport({ path: "/dev/fake", open: dev.open, responseTimeoutMs: 10_000 });
    const c = new AbortController();
    setTimeout(() => c.abort(), 50);
    expect((await rejection(t.send(COMMAND, { signal: c.signal }))).code).toBe("ABORTED");
    await t.close();
  });

  it("locality other than 0 is UNSUPPORTED; a malformed command is BAD_PARAMETER", async () => {
    const t = new DeviceTransport({ path: "/dev/fake", open: scriptedDevice([]).open });
    expect((await rejection(t.send(COMMAND, { locality: 1 }))).code).toBe("UNSUPPORTED");
    expect((await rejection(t.send(COMMAND.subarray(0, 11)))).code).toBe("BAD_PARAMETER");
  });
});

/** A serial port double: answers each written command after `delayMs`, in `chunk`-byte pieces. */
class FakePort extends EventEmitter implements SerialPortLike {
  isOpen = false;
  written: Uint8Array[] = [];
  constructor(
    private readonly answer: (command: Uint8Array, index: number) => Uint8Array,
    private readonly delayMs = 0,
    private readonly chunk = 3,
  ) {
    super();
  }
  open(cb: (e: Error | null) => void) {
    this.isOpen = true;
    cb(null);
  }
  write(data: Uint8Array, cb?: (e: Error | null | undefined) => void) {
    const index = this.written.length;
    this.written.push(data.slice());
    cb?.(null);
    setTimeout(() => {
      const a = this.answer(data, index);
      for (let i = 0; i < a.length; i += this.chunk) this.emit("data", a.subarray(i, i + this.chunk));
    }, this.delayMs);
    return true;
  }
  drain(cb: (e: Error | null) => void) {
    cb(null);
  }
  close(cb?: (e: Error | null) => void) {
    this.isOpen = false;
    this.emit("close");
    cb?.(null);
  }
}

describe("SerialTransport (scripted port)", () => {
  it("reassembles a response that arrives in small pieces", async () => {
    const port = new FakePort(() => response(5));
    const t = new SerialTransport({ path: "/dev/ttyFAKE", portFactory: () => port });
    expect(await t.send(COMMAND)).toEqual(response(5));
    await t.close();
    expect(port.isOpen).toBe(false);
  });

  it("after an abort, the owed response is discarded, never paired with the next command", async () => {
    const port = new FakePort((_c, i) => response(i + 1), 80);
    const t = new SerialTransport({ path: "/dev/ttyFAKE", portFactory: () => port, responseTimeoutMs: 5000 });
    const c = new AbortController();
    setTimeout(() => c.abort(), 10);
    expect((await rejection(t.send(COMMAND, { signal: c.signal }))).code).toBe("ABORTED");
    expect(await t.send(COMMAND)).toEqual(response(2));
    await t.close();
  });

  it("bytes that are not a TPM response are MALFORMED_RESPONSE", async () => {
    const t = new SerialTransport({
      path: "/dev/ttyFAKE",
      portFactory: () => new FakePort(() => new TextEncoder().encode("AT+OK\r\nhello")),
    });
    expect((await rejection(t.send(COMMAND))).code).toBe("MALFORMED_RESPONSE");
  });

  it("silence is a TIMEOUT", async () => {
    const t = new SerialTransport({
      path: "/dev/ttyFAKE",
      responseTimeoutMs: 100,
      portFactory: () => new FakePort(() => new Uint8Array(0)),
    });
    expect((await rejection(t.send(COMMAND))).code).toBe("TIMEOUT");
  });

  it("an open failure is explained; a bad baud rate is BAD_PARAMETER", async () => {
    const t = new SerialTransport({
      path: "/dev/ttyUSB9",
      portFactory: () => {
        throw Object.assign(new Error("Permission denied"), { code: "EACCES" });
      },
    });
    expect((await rejection(t.send(COMMAND))).message).toMatch(/'tss' group/);
    expect(() => new SerialTransport({ path: "/dev/ttyUSB0", baudRate: -1 })).toThrow(TssError);
  });
});
