/** Spools an X12 upload to a temporary file, enforcing the size limit while it streams. */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../common/domain-error';

export const X12_CONTENT_TYPES = ['application/edi-x12', 'text/plain', 'application/octet-stream'];

export async function spoolUpload(input: Readable, limit: number): Promise<{ file: string; bytes: number; cleanup: () => void }> {
  const file = path.join(os.tmpdir(), `bhcheck-x12-${crypto.randomBytes(8).toString('hex')}.837`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new DomainError('PAYLOAD_TOO_LARGE', `the X12 file is larger than the limit of ${limit} bytes (BHCHECK_X12_LIMIT)`));
      else done(null, chunk);
    },
  });
  const cleanup = () => fs.rmSync(file, { force: true });
  try {
    await pipeline(input, counter, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    cleanup();
    throw e;
  }
  if (bytes === 0) {
    cleanup();
    throw DomainError.field('', 'the X12 file is empty');
  }
  return { file, bytes, cleanup };
}
