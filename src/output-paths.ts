import { randomBytes } from 'node:crypto';
import { type Stats } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Output paths are checked before any work is done or paid for: a file that is a folder, a
 * folder that is a file, or a place this process may not write ends the run at once with
 * one line, instead of after the last LLM call. Permission is probed by writing (a temporary
 * file in the nearest existing folder), not by `access()`, which says yes to root on a
 * read-only file system.
 */
export interface OutputPath {
  path: string;
  /** What it is, as the user named it: `-o (testset)`, `--cache-dir`. */
  label: string;
  kind: 'file' | 'directory';
}

const statOf = (path: string): Promise<Stats | undefined> => stat(path).catch(() => undefined);

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  return error instanceof Error ? error.message : String(error);
}

/** The nearest folder that exists at or above `path`; an existing non-folder on the way is an error. */
async function nearestFolder(path: string, output: OutputPath): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    const info = await statOf(current);
    if (info?.isDirectory()) return current;
    if (info) {
      throw new UsageError(`cannot write ${output.label} ${output.path}: ${current} is a file, not a folder`, `choose another path for ${output.label}`);
    }
    if (dirname(current) === current) return current;
  }
}

async function probeFolder(folder: string, output: OutputPath): Promise<void> {
  const probe = join(folder, `.ragset-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
    await unlink(probe);
  } catch (error) {
    throw new UsageError(`cannot write ${output.label} ${output.path}: ${reason(error)} in ${folder}`, `choose another path for ${output.label} or fix its permissions`);
  }
}

export async function checkOutputPath(output: OutputPath): Promise<void> {
  const absolute = resolve(output.path);
  const info = await statOf(absolute);
  if (output.kind === 'file') {
    if (info?.isDirectory()) throw new UsageError(`${output.label} ${output.path} is a folder`, `give a file name for ${output.label}`);
    if (info) {
      // Replaced by rename, so the folder must be writable; opening for append changes nothing.
      await open(absolute, 'a').then(
        (handle) => handle.close(),
        (error: unknown) => {
          throw new UsageError(`cannot write ${output.label} ${output.path}: ${reason(error)}`, `choose another path for ${output.label} or fix its permissions`);
        },
      );
    }
    return probeFolder(await nearestFolder(dirname(absolute), output), output);
  }
  if (info && !info.isDirectory()) throw new UsageError(`${output.label} ${output.path} is a file, not a folder`, `give a folder for ${output.label}`);
  return probeFolder(await nearestFolder(absolute, output), output);
}

/** Checks every path, in order; the first problem is the error. */
export async function checkOutputPaths(outputs: readonly OutputPath[]): Promise<void> {
  for (const output of outputs) await checkOutputPath(output);
}
