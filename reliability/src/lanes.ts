/** Small helpers the suites share: sleeping, a seeded random source, percentiles, progress. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** mulberry32: reproducible choices from a seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A progress line on stderr at most every few seconds. */
export function progress(label: string): (text: string) => void {
  let last = 0;
  return (text) => {
    const now = Date.now();
    if (now - last < 5_000) return;
    last = now;
    process.stderr.write(`[${label}] ${text}\n`);
  };
}
