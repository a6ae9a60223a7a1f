// SerialQueue: one job at a time in call order, past failures; a job run with
// runReleasing says itself when it is over, and the next starts right then.
import { SerialQueue } from "@tss/transport-mssim";
import { describe, expect, it } from "vitest";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("SerialQueue", () => {
  it("runs jobs one at a time in call order, past failures and synchronous throws", async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let active = 0;
    const job = (name: string, fail?: "reject" | "throw") => () => {
      if (fail === "throw") {
        log.push(`throw ${name}`);
        throw new Error(name);
      }
      return (async () => {
        active++;
        expect(active).toBe(1);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        active--;
        if (fail) throw new Error(name);
        return name;
      })();
    };
    const results = await Promise.allSettled([
      q.run(job("a")),
      q.run(job("b", "reject")),
      q.run(job("c", "throw")),
      q.run(job("d")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "throw c", "start d", "end d"]);
  });

  it("runReleasing: the next job starts when release is called, not before; a second release is ignored", async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let releaseA: () => void = () => undefined;
    const a = q.runReleasing((release) => {
      log.push("a");
      releaseA = release;
      return new Promise<string>(() => undefined); // never settles: only release ends a's turn
    });
    const b = q.runReleasing((release) => {
      log.push("b");
      release();
      return Promise.resolve("b");
    });
    const c = q.run(async () => {
      log.push("c");
      return "c";
    });
    await tick();
    expect(log).toEqual(["a"]);
    releaseA();
    releaseA();
    expect(await b).toBe("b");
    expect(await c).toBe("c");
    expect(log).toEqual(["a", "b", "c"]);
    void a;
  });

  it("runReleasing: a job that throws synchronously is released, and rejects", async () => {
    const q = new SerialQueue();
    const first = q.runReleasing(() => {
      throw new Error("at once");
    });
    await expect(first).rejects.toThrow("at once");
    expect(await q.run(async () => "next")).toBe("next");
  });

  it("an idle queue starts the job in the caller's turn", () => {
    const q = new SerialQueue();
    let started = false;
    void q.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
  });
});
