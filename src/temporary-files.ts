import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Atomic writes go to `<target>.<pid>[.<n>].tmp` beside the target and are renamed over it.
 * A process killed mid-write (kill -9, power loss) leaves its temporary file behind; the
 * next write of the same target removes those of processes that are no longer alive. A
 * live process's file is never touched (its write may be under way), so neither is a file
 * whose pid was reused by another live process: it stays until that one is gone too.
 */

let counter = 0;

/** A fresh temporary path beside `target`, unique within this process. */
export function temporaryPathFor(target: string): string {
  counter += 1;
  return `${target}.${process.pid}.${counter}.tmp`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files of `target` left by processes that are not running. Returns the
 * names removed. Never throws: a leftover that cannot be listed or removed only costs disk.
 */
export async function removeStaleTemporaries(target: string): Promise<string[]> {
  const pattern = new RegExp(`^${escapeRegExp(basename(target))}\\.(\\d+)(?:\\.\\d+)?\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const pid = pattern.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  await Promise.all(stale.map((name) => rm(join(dirname(target), name), { force: true }).catch(() => undefined)));
  return stale;
}
