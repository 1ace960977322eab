import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { directDb } from '@/lib/infra/db/pool';
import { UserError } from '@/lib/infra/errors';
import { importTenant } from '@/lib/platform';

/** Largest export file the admin upload accepts (the CLI has no limit). */
export const MAX_IMPORT_BYTES = 200 * 2 ** 20;

/**
 * The admin's import of an uploaded export: the bytes go to a private temp file (bounded in
 * size), then importTenant verifies the whole file before it writes anything.
 */
export async function importUploadedExport(file: Blob, schema: string, domain: string | undefined) {
  if (file.size === 0) throw new UserError('Choose an export file to import.', 400, 'file');
  if (file.size > MAX_IMPORT_BYTES) throw new UserError(`The file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB.`, 400, 'file');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-import-'));
  try {
    const target = path.join(dir, 'upload.qexport');
    let seen = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        done(seen > MAX_IMPORT_BYTES ? new UserError('The file is too large.', 400, 'file') : null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream),
      cap,
      createWriteStream(target, { mode: 0o600 }),
    );
    return await importTenant(directDb(), { file: target, schema, domain });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
