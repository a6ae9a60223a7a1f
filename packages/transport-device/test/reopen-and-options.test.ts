/**
 * DeviceTransport and SerialTransport: a device or line that went away for a
 * moment is reopened within the reopen window (the first opening is never
 * retried, a command never resent), and send options that are not valid are
 * BAD_PARAMETER before anything is opened or written. (The same over a real
 * pseudo-terminal bridge to swtpm: tools/reg/test/transport-faults.test.ts.)
 */
import { EventEmitter } from "node:events";
import { TssError } from "@tss/marshal";
import { DeviceTransport, type SerialPortLike, SerialTransport, type TpmDeviceFile } from "@tss/transport-device";
import { describe, expect, it } from "vitest";

const COMMAND = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 4]);
const RESPONSE = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
const enoent = () => Object.assign(new Error("no such file"), { code: "ENOENT" });

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

/** A device that answers every command, and whose reads fail with EIO when `broken` is set once. */
function flakyDevice() {
  const state = { opens: 0, writes: 0, missingUntil: 0, failNextRead: false };
  const open = async (): Promise<TpmDeviceFile> => {
    state.opens++;
    if (Date.now() < state.missingUntil) throw enoent();
    let owed = false;
    return {
      async write(bytes) {
        state.writes++;
        owed = true;
        return bytes.length;
      },
      async read(buffer, at) {
        if (state.failNextRead) {
          state.failNextRead = false;
          throw Object.assign(new Error("I/O error"), { code: "EIO" });
        }
        if (!owed) return 0;
        owed = false;
        buffer.set(RESPONSE, at);
        return RESPONSE.length;
      },
      async close() {},
    };
  };
  return { open, state };
}

describe("DeviceTransport reopening", () => {
  it("a device that went away is reopened within the window; the failed command is not resent", async () => {
    const dev = flakyDevice();
    const t = new DeviceTransport({ path: "/dev/fake", open: dev.open });
    expect(await t.send(COMMAND)).toEqual(RESPONSE);
    // The device fails a read, then is missing for 400 ms.
    dev.state.failNextRead = true;
    dev.state.missingUntil = Date.now() + 400;
    expect((await rejection(t.send(COMMAND))).code).toBe("DEVICE");
    const writes = dev.state.writes;
    expect(await t.send(COMMAND)).toEqual(RESPONSE);
    expect(dev.state.writes).toBe(writes + 1);
    expect(dev.state.opens).toBeGreaterThan(2);
    await t.close();
  });

  it("the first opening is not retried; reopenWindowMs 0 is not retried either", async () => {
    const dev = flakyDevice();
    dev.state.missingUntil = Date.now() + 60_000;
    const t = new DeviceTransport({ path: "/dev/fake", open: dev.open });
    expect((await rejection(t.send(COMMAND))).message).toMatch(/does not exist/);
    expect(dev.state.opens).toBe(1);

    const dev2 = flakyDevice();
    const once = new DeviceTransport({ path: "/dev/fake", open: dev2.open, reopenWindowMs: 0 });
    expect(await once.send(COMMAND)).toEqual(RESPONSE);
    dev2.state.failNextRead = true;
    dev2.state.missingUntil = Date.now() + 60_000;
    await rejection(once.send(COMMAND));
    const opens = dev2.state.opens;
    expect((await rejection(once.send(COMMAND))).code).toBe("DEVICE");
    expect(dev2.state.opens).toBe(opens + 1);
  });

  it("a permission error (EACCES, EPERM) on reopening is reported at once, not retried as transient", async () => {
    for (const code of ["EACCES", "EPERM"]) {
      let opens = 0;
      let denied = false;
      let failNextRead = false;
      const t = new DeviceTransport({
        path: "/dev/fake",
        reopenWindowMs: 60_000,
        open: async () => {
          opens++;
          if (denied) throw Object.assign(new Error(`${code}: permission denied, open '/dev/fake'`), { code });
          let owed = false;
          return {
            async write(bytes) {
              owed = true;
              return bytes.length;
            },
            async read(buffer, at) {
              if (failNextRead) {
                failNextRead = false;
                throw Object.assign(new Error("I/O error"), { code: "EIO" });
              }
              if (!owed) return 0;
              owed = false;
              buffer.set(RESPONSE, at);
              return RESPONSE.length;
            },
            async close() {},
          };
        },
      });
      expect(await t.send(COMMAND)).toEqual(RESPONSE);
      failNextRead = true;
      await rejection(t.send(COMMAND));
      denied = true;
      const before = opens;
      // With a 60 s window, a retried EACCES would keep this pending for a minute (the test's timeout).
      const e = await rejection(t.send(COMMAND));
      expect(e.code).toBe("DEVICE");
      expect(e.message).toMatch(/^permission denied on \/dev\/fake: /);
      expect(e.message).not.toMatch(/attempts in/);
      expect(opens).toBe(before + 1);
      await t.close();
    }
  });

  it("a permission error on the first opening names the device and the remedy", async () => {
    // The tests run as root, which no file mode denies: the opener is injected.
    let opens = 0;
    const t = new DeviceTransport({
      path: "/dev/tpm0",
      open: async () => {
        opens++;
        throw Object.assign(new Error("EACCES: permission denied, open '/dev/tpm0'"), { code: "EACCES" });
      },
    });
    const e = await rejection(t.send(COMMAND));
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/^permission denied on \/dev\/tpm0: add your user to the 'tss' group/);
    expect(opens).toBe(1);
  });

  it("gives up after the window, saying how often it tried", async () => {
    const dev = flakyDevice();
    const t = new DeviceTransport({ path: "/dev/fake", open: dev.open, reopenWindowMs: 300 });
    expect(await t.send(COMMAND)).toEqual(RESPONSE);
    dev.state.failNextRead = true;
    dev.state.missingUntil = Date.now() + 60_000;
    await rejection(t.send(COMMAND));
    const e = await rejection(t.send(COMMAND));
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/\(\d+ attempts in \d+ ms\)/);
  });
});

/** A serial port double that answers each command; the factory can make the path missing. */
class Port extends EventEmitter implements SerialPortLike {
  isOpen = false;
  constructor(private readonly missing: () => boolean) {
    super();
  }
  open(cb: (e: Error | null) => void) {
    if (this.missing()) return cb(new Error("Error: No such file or directory, cannot open /dev/ttyFAKE"));
    this.isOpen = true;
    cb(null);
  }
  write(_data: Uint8Array, cb?: (e: Error | null | undefined) => void) {
    cb?.(null);
    setTimeout(() => this.emit("data", RESPONSE), 1);
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
  /** The line goes away (a USB bridge unplugged, a PTY bridge ended). */
  vanish() {
    this.isOpen = false;
    this.emit("close");
  }
}

describe("SerialTransport reopening", () => {
  it("a line that went away is reopened within the window: commands queued meanwhile all succeed", async () => {
    let missingUntil = 0;
    const ports: Port[] = [];
    const t = new SerialTransport({
      path: "/dev/ttyFAKE",
      portFactory: () => {
        const p = new Port(() => Date.now() < missingUntil);
        ports.push(p);
        return p;
      },
    });
    expect(await t.send(COMMAND)).toEqual(RESPONSE);
    missingUntil = Date.now() + 500;
    ports[0]!.vanish();
    const results = await Promise.all(Array.from({ length: 20 }, () => t.send(COMMAND)));
    for (const r of results) expect(r).toEqual(RESPONSE);
    expect(ports.length).toBeGreaterThan(2);
    await t.close();
  });

  it("a path that never opened fails at once", async () => {
    let made = 0;
    const t = new SerialTransport({
      path: "/dev/ttyFAKE",
      portFactory: () => {
        made++;
        return new Port(() => true);
      },
    });
    expect((await rejection(t.send(COMMAND))).code).toBe("DEVICE");
    expect(made).toBe(1);
  });
});

describe("send options", () => {
  it("options that are not valid are BAD_PARAMETER before anything is opened; a valid non-zero locality is UNSUPPORTED", async () => {
    const dev = flakyDevice();
    let made = 0;
    const transports = [
      new DeviceTransport({ path: "/dev/fake", open: dev.open }),
      new SerialTransport({
        path: "/dev/ttyFAKE",
        portFactory: () => {
          made++;
          return new Port(() => false);
        },
      }),
    ];
    for (const t of transports) {
      for (const options of [
        { signal: { aborted: false } },
        { signal: "x" },
        { signal: null },
        { locality: 7 },
        { locality: "0" },
        null,
      ]) {
        expect((await rejection(t.send(COMMAND, options as never))).code, JSON.stringify(options)).toBe(
          "BAD_PARAMETER",
        );
      }
      expect((await rejection(t.send(COMMAND, { locality: 3 }))).code).toBe("UNSUPPORTED");
    }
    expect(dev.state.opens).toBe(0);
    expect(made).toBe(0);
  });
});
