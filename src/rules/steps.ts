/**
 * Work written as a generator of steps (`yield` between two steps) can be run to its end at once, here,
 * or giving way to other work between steps (src/common/steps.ts, for the service).
 */
export function runAtOnce<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
