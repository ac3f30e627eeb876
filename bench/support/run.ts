/** What the benches share: a percentile of sorted figures, and running a bench's main to its exit code. */

/** The p-th percentile (0 to 100) of figures sorted in ascending order; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs a bench and exits (0, or 1 with the error printed) whatever handles are still open. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
