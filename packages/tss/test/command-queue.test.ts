import { CommandQueue } from "@tss/tss";
import { expect, it } from "vitest";

it("runs jobs one at a time in arrival order, past failures", async () => {
  const q = new CommandQueue();
  const log: string[] = [];
  let active = 0;
  const job =
    (name: string, fail = false) =>
    async () => {
      active++;
      expect(active).toBe(1);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 1));
      log.push(`end ${name}`);
      active--;
      if (fail) throw new Error(name);
      return name;
    };
  const results = await Promise.allSettled([q.run(job("a")), q.run(job("b", true)), q.run(job("c"))]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
});

it("runReleasing: the next job starts when release is called; a synchronous throw releases; a waiting job's abort still works", async () => {
  const q = new CommandQueue();
  const log: string[] = [];
  let releaseA: () => void = () => undefined;
  void q.runReleasing((release) => {
    log.push("a");
    releaseA = release;
    return new Promise<string>(() => undefined); // only release ends a's turn
  });
  const thrower = q.runReleasing(() => {
    log.push("throw");
    throw new Error("at once");
  });
  const aborter = new AbortController();
  const aborted = q.run(async () => {
    log.push("never");
  }, aborter.signal);
  const last = q.runReleasing((release) => {
    log.push("last");
    release();
    return Promise.resolve("last");
  });
  aborter.abort();
  await expect(aborted).rejects.toMatchObject({ code: "ABORTED" });
  await new Promise((r) => setTimeout(r, 1));
  expect(log).toEqual(["a"]);
  releaseA();
  releaseA();
  await expect(thrower).rejects.toThrow("at once");
  expect(await last).toBe("last");
  expect(log).toEqual(["a", "throw", "last"]);
  expect(q.length).toBe(0);
});
