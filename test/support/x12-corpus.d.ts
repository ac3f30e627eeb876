/** The X12 corpus folder (see x12-corpus.js), or null when it is absent and not asked for. */
export function x12Corpus(): string | null;
export const CORPUS_MISSING: string;
