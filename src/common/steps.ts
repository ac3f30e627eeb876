/**
 * Runs work written as a generator of steps (src/rules/steps.ts) giving way to the event loop between
 * two steps, so one large request never holds up the small ones for long.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Runs the steps, letting I/O and timers (other requests) run between two of them. */
export async function runGivingWay<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/**
 * JSON.stringify(value) of a plain object, in pieces: its arrays (a report's claims) some items a piece,
 * giving way between pieces, so a 20-MB report is sent as it is written instead of being built, and
 * hashed for an ETag, in one go.
 */
export async function* jsonPieces(value: Record<string, unknown>, itemsPerPiece: number): AsyncGenerator<string, void, void> {
  let piece = '{';
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    piece += `${piece === '{' ? '' : ','}${JSON.stringify(key)}:`;
    if (!Array.isArray(v)) {
      piece += JSON.stringify(v);
      continue;
    }
    piece += '[';
    for (let i = 0; i < v.length; i++) {
      piece += (i ? ',' : '') + (JSON.stringify(v[i]) ?? 'null');
      if ((i + 1) % itemsPerPiece === 0) {
        yield piece;
        piece = '';
        await nextTurn();
      }
    }
    piece += ']';
  }
  yield `${piece}}`;
}
