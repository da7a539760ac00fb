import { performance } from 'node:perf_hooks';

/** The q-th percentile (0..100) of the values, nearest rank. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LoadResult {
  /** Per-call latency in milliseconds. */
  latenciesMs: number[];
  elapsedMs: number;
  failures: number;
}

/**
 * Closed-loop load: `concurrency` workers each call `fn` until `total` calls
 * have started. `fn` resolves to true on success.
 */
export async function runLoad(
  concurrency: number,
  total: number,
  fn: (i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const ok = await fn(i);
      latenciesMs.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, worker),
  );
  return { latenciesMs, elapsedMs: performance.now() - started, failures };
}

export const round = (value: number, digits = 2) =>
  Number(value.toFixed(digits));
