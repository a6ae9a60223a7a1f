// SerialQueue: one job at a time in call order, past failures and synchronous
// throws; an idle queue starts a job at once.
import { SerialQueue } from "@tss/marshal";
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

  it("an idle queue starts the job in the caller's turn", () => {
    const q = new SerialQueue();
    let started = false;
    void q.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
  });
});
