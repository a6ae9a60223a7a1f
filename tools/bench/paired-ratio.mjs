// The ratio of two operations' times measured as pairs of short blocks, A B B A,
// back to back on one CPU: every pair sees the machine at the same speed, so a
// change of speed between rounds (this VM's moves by up to 2x within minutes)
// moves both sides of a pair and not their ratio. table.mjs prints these beside
// its round-by-round ratios; the per-pair spread says how far the figure holds.
import { quantile } from "./marshal-import.mjs";

/** Milliseconds for `n` sequential awaited calls of `fn`. */
async function block(fn, n) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return performance.now() - t;
}

/**
 * time(b) / time(a), pair by pair: `pairs` pairs of blocks of `size` calls each
 * (a, b, b, a), after `warmup` pairs not counted (the first blocks after a switch
 * of operation run slower while code and caches warm). Returns { median, p10, p90, pairs, size }.
 */
export async function pairedRatio(a, b, { pairs = 60, size = 100, warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) {
    await block(a, size);
    await block(b, size);
  }
  const ratios = [];
  for (let i = 0; i < pairs; i++) {
    const a1 = await block(a, size);
    const b1 = await block(b, size);
    const b2 = await block(b, size);
    const a2 = await block(a, size);
    ratios.push((b1 + b2) / (a1 + a2));
  }
  return { median: quantile(ratios, 0.5), p10: quantile(ratios, 0.1), p90: quantile(ratios, 0.9), pairs, size };
}

/** "1.07x [1.01-1.15]": the median and the 10th-90th percentile range of the pairs. */
export function formatPairedRatio(r) {
  return `${r.median.toFixed(2)}x [${r.p10.toFixed(2)}-${r.p90.toFixed(2)}]`;
}
