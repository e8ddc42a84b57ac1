import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeStaleTemporaries, temporaryPathFor } from './temporary-files.js';

/**
 * Writes beside the target (src/temporary-files.ts names the file and removes those a killed
 * process left), flushes the bytes to disk, then renames over the target: readers
 * (and a machine that loses power) see the old file or the new one, never half of one.
 * `write` fills the temporary file (a string, or a stream for large files such as graphs).
 */
export async function writeAtomic(path: string, write: (temporary: string) => Promise<void>, options: { durable?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Leftovers of killed processes; cache entries (not durable, many, small) skip the folder listing.
  if (options.durable !== false) await removeStaleTemporaries(path);
  const temporary = temporaryPathFor(path);
  try {
    await write(temporary);
    if (options.durable !== false) await flush(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `durable: false` skips the flush: for files whose loss costs only time (cache entries; an
 * entry lost to a crash is a miss, and a torn one fails to parse and is asked again).
 */
export const writeFileAtomic = (path: string, text: string, options: { durable?: boolean } = {}): Promise<void> =>
  writeAtomic(path, (temporary) => writeFile(temporary, text, 'utf8'), options);
