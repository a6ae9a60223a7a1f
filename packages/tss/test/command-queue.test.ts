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
